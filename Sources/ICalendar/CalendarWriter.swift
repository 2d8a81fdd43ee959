import CLibical
import Foundation

extension VCalendar {
    /// iCalendar text (CRLF, folded at 75 octets by libical). Events that use a TZID without
    /// a VTIMEZONE in `timeZones` get one generated from the system zone database, as
    /// RFC 5545 requires. Parsing the result gives back the same events.
    public func serialized() throws(ICalendarError) -> String {
        try Libical.run { () throws(ICalendarError) -> String in
            let root = ComponentHandle(icalcomponent_new(ICAL_VCALENDAR_COMPONENT))
            try CalendarWriter.fill(root.pointer, with: self)
            guard let text = Libical.takeString(icalcomponent_as_ical_string_r(root.pointer), keepingCR: true) else {
                throw ICalendarError(.library, "libical could not write the calendar")
            }
            return text
        }
    }
}

/// Builds a libical tree from value types. Runs inside `Libical.run`. Dates, rules and
/// parameters are written as content lines and parsed by libical, so libical stays the one
/// place that knows the grammar; TEXT values go through typed constructors, which escape.
enum CalendarWriter {
    static func fill(_ root: OpaquePointer, with calendar: VCalendar) throws(ICalendarError) {
        icalcomponent_add_property(root, icalproperty_new_version("2.0"))
        icalcomponent_add_property(root, icalproperty_new_prodid(calendar.productID))
        if let method = calendar.method { try add(root, "METHOD:\(method.rawValue)") }
        for p in calendar.otherProperties { try add(root, p.line) }
        for tzid in calendar.timeZones.keys.sorted() { try addComponent(root, text: calendar.timeZones[tzid]!) }
        var generated = Set<String>()
        // Generated zones keep only the rules from a year before the first event on, not
        // the zone's whole history since the 1890s.
        let firstYear = (calendar.events.map(\.start.local.year).min() ?? 2000) - 1
        for event in calendar.events {
            for value in [event.start, event.end, event.recurrenceID].compactMap({ $0 }) + event.recurrenceDates + event.exceptionDates {
                guard let tzid = value.tzid, calendar.timeZones[tzid] == nil, generated.insert(tzid).inserted else { continue }
                try addBuiltinZone(root, tzid: tzid, fromYear: firstYear)
            }
        }
        for event in calendar.events { try addEvent(root, event) }
        for fb in calendar.freeBusy { try addFreeBusy(root, fb) }
    }

    private static func addEvent(_ root: OpaquePointer, _ e: Event) throws(ICalendarError) {
        let c = ComponentHandle(icalcomponent_new(ICAL_VEVENT_COMPONENT))
        icalcomponent_add_property(c.pointer, icalproperty_new_uid(e.uid))
        try add(c.pointer, "DTSTAMP:\(e.stamp ?? LocalDateTime(wallSeconds: Int64(Date().timeIntervalSince1970)))Z")
        icalcomponent_add_property(c.pointer, icalproperty_new_sequence(Int32(clamping: e.sequence)))
        try add(c.pointer, e.start.line("DTSTART"))
        if let end = e.end { try add(c.pointer, end.line("DTEND")) }
        if e.end == nil, let duration = e.duration {
            icalcomponent_add_property(c.pointer, icalproperty_new_duration(icaldurationtype_from_int(Int32(clamping: duration))))
        }
        if let rid = e.recurrenceID { try add(c.pointer, rid.line("RECURRENCE-ID")) }
        if let rule = e.recurrenceRule { try add(c.pointer, "RRULE:\(rule)") }
        for r in e.recurrenceDates { try add(c.pointer, r.line("RDATE")) }
        for x in e.exceptionDates { try add(c.pointer, x.line("EXDATE")) }
        if let s = e.summary { icalcomponent_add_property(c.pointer, icalproperty_new_summary(s)) }
        if let s = e.details { icalcomponent_add_property(c.pointer, icalproperty_new_description(s)) }
        if let s = e.location { icalcomponent_add_property(c.pointer, icalproperty_new_location(s)) }
        if let status = e.status { try add(c.pointer, "STATUS:\(status.rawValue)") }
        if e.isTransparent { try add(c.pointer, "TRANSP:TRANSPARENT") }
        if let o = e.organizer { try add(c.pointer, participantLine("ORGANIZER", o)) }
        for a in e.attendees { try add(c.pointer, participantLine("ATTENDEE", a)) }
        for p in e.otherProperties { try add(c.pointer, p.line) }
        for text in e.otherComponents { try addComponent(c.pointer, text: text) }
        icalcomponent_add_component(root, c.release())
    }

    private static func addFreeBusy(_ root: OpaquePointer, _ fb: FreeBusy) throws(ICalendarError) {
        let c = ComponentHandle(icalcomponent_new(ICAL_VFREEBUSY_COMPONENT))
        if let uid = fb.uid { icalcomponent_add_property(c.pointer, icalproperty_new_uid(uid)) }
        try add(c.pointer, "DTSTAMP:\(utc(fb.stamp ?? Date()))")
        try add(c.pointer, "DTSTART:\(utc(fb.start))")
        try add(c.pointer, "DTEND:\(utc(fb.end))")
        if let o = fb.organizer { try add(c.pointer, participantLine("ORGANIZER", o)) }
        if let a = fb.attendee { try add(c.pointer, participantLine("ATTENDEE", a)) }
        for p in fb.periods {
            try add(c.pointer, "FREEBUSY;FBTYPE=\(p.kind.rawValue):\(utc(p.start))/\(utc(p.end))")
        }
        icalcomponent_add_component(root, c.release())
    }

    static func participantLine(_ name: String, _ p: Participant) -> String {
        var line = name
        if let cn = p.name { line += ";CN=" + DateTimeValue.quoteParameter(cn) }
        if let role = p.role { line += ";ROLE=" + DateTimeValue.quoteParameter(role) }
        if let status = p.status { line += ";PARTSTAT=" + status.rawValue }
        if let rsvp = p.rsvp { line += ";RSVP=" + (rsvp ? "TRUE" : "FALSE") }
        return line + ":" + p.address.filter { $0 != "\r" && $0 != "\n" }
    }

    private static func utc(_ date: Date) -> String {
        "\(LocalDateTime(wallSeconds: Int64(date.timeIntervalSince1970.rounded(.down))))Z"
    }

    /// Adds one content line, parsed by libical; a line it refuses is a typed error.
    private static func add(_ c: OpaquePointer, _ line: String) throws(ICalendarError) {
        guard let p = icalproperty_new_from_string(line) else {
            throw ICalendarError(.invalidValue, "cannot write property \(line.prefix(40))")
        }
        icalcomponent_add_property(c, p)
    }

    private static func addComponent(_ parent: OpaquePointer, text: String) throws(ICalendarError) {
        guard let child = icalparser_parse_string(text) else {
            throw ICalendarError(.invalidValue, "cannot write a sub-component")
        }
        icalcomponent_add_component(parent, child)
    }

    private static func addBuiltinZone(_ root: OpaquePointer, tzid: String, fromYear: Int) throws(ICalendarError) {
        guard ZoneRegistry.builtin(tzid) != nil else {
            throw ICalendarError(.unknownTimeZone, "unknown TZID '\(tzid.prefix(100))'")
        }
        var name = tzid
        if let slash = tzid.range(of: "/", options: .backwards), tzid.hasPrefix("/") {
            // "/prefix/…/Area/City": libical knows the zone by its last two path elements.
            let parts = tzid.split(separator: "/")
            name = parts.suffix(2).joined(separator: "/")
            _ = slash
        }
        guard let zone = icaltimezone_get_builtin_timezone(name), let vtz = icaltimezone_get_component(zone),
              let copy = icalcomponent_new_clone(vtz) else { return } // UTC needs no VTIMEZONE
        if let p = icalcomponent_get_first_property(copy, ICAL_TZID_PROPERTY) { icalproperty_set_tzid(p, tzid) }
        icaltimezone_truncate_vtimezone(copy, LibicalRecurrence.time(LocalDateTime(year: max(1900, fromYear), month: 1, day: 1).wallSeconds,
                                                                      isDate: false), icaltime_null_time(), 0)
        icalcomponent_add_component(root, copy)
    }
}
