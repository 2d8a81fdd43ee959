import CLibical
import Foundation

/// Turns a parsed libical tree into value types. Runs inside `Libical.run`; borrows the
/// tree (the caller's `ComponentHandle` frees it) and copies every string out.
enum CalendarReader {
    /// Properties whose parse errors make the event unusable rather than merely lossy.
    private static let timingProperties = ["DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"]

    static func read(_ root: OpaquePointer) throws(ICalendarError) -> VCalendar {
        var calendar = VCalendar()
        forEachProperty(root) { p in
            switch icalproperty_isa(p) {
            case ICAL_PRODID_PROPERTY: calendar.productID = Libical.string(icalproperty_get_prodid(p)) ?? ""
            case ICAL_METHOD_PROPERTY:
                let value = Libical.takeString(icalproperty_get_value_as_string_r(p)) ?? ""
                if let method = VCalendar.Method(rawValue: value.uppercased()) { calendar.method = method }
            case ICAL_VERSION_PROPERTY: break
            default: calendar.otherProperties.append(raw(p))
            }
        }
        var child = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT)
        while let c = child {
            switch icalcomponent_isa(c) {
            case ICAL_VTIMEZONE_COMPONENT:
                if let tzProperty = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY),
                   let tzid = Libical.string(icalproperty_get_tzid(tzProperty)),
                   let text = Libical.takeString(icalcomponent_as_ical_string_r(c)) {
                    calendar.timeZones[tzid] = text
                }
            case ICAL_VEVENT_COMPONENT:
                calendar.events.append(try event(c))
            case ICAL_VFREEBUSY_COMPONENT:
                calendar.freeBusy.append(try freeBusy(c))
            default:
                break
            }
            child = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)
        }
        return calendar
    }

    private static func event(_ c: OpaquePointer) throws(ICalendarError) -> Event {
        var uid: String?
        var start: DateTimeValue?
        var event = Event(uid: "", start: .floating(LocalDateTime(year: 1970, month: 1, day: 1)))
        var errors: [String] = []
        var failure: ICalendarError?
        forEachProperty(c) { p in
            guard failure == nil else { return }
            do throws(ICalendarError) {
                switch icalproperty_isa(p) {
                case ICAL_UID_PROPERTY: uid = Libical.string(icalproperty_get_uid(p))
                case ICAL_SEQUENCE_PROPERTY: event.sequence = Int(icalproperty_get_sequence(p))
                case ICAL_DTSTAMP_PROPERTY: event.stamp = try dateTime(icalproperty_get_dtstamp(p), p, "DTSTAMP").local
                case ICAL_DTSTART_PROPERTY: start = try dateTime(icalproperty_get_dtstart(p), p, "DTSTART")
                case ICAL_DTEND_PROPERTY: event.end = try dateTime(icalproperty_get_dtend(p), p, "DTEND")
                case ICAL_RECURRENCEID_PROPERTY:
                    event.recurrenceID = try dateTime(icalproperty_get_recurrenceid(p), p, "RECURRENCE-ID")
                case ICAL_EXDATE_PROPERTY: event.exceptionDates.append(try dateTime(icalproperty_get_exdate(p), p, "EXDATE"))
                case ICAL_RDATE_PROPERTY:
                    let value = icalproperty_get_rdate(p)
                    let time = icaltime_is_null_time(value.time) == 0 ? value.time : value.period.start
                    event.recurrenceDates.append(try dateTime(time, p, "RDATE"))
                case ICAL_DURATION_PROPERTY:
                    let d = icalproperty_get_duration(p)
                    let seconds = Int(d.weeks) * 604_800 + Int(d.days) * 86_400 + Int(d.hours) * 3600
                        + Int(d.minutes) * 60 + Int(d.seconds)
                    event.duration = d.is_neg != 0 ? -seconds : seconds
                case ICAL_SUMMARY_PROPERTY: event.summary = Libical.string(icalproperty_get_summary(p))
                case ICAL_DESCRIPTION_PROPERTY: event.details = Libical.string(icalproperty_get_description(p))
                case ICAL_LOCATION_PROPERTY: event.location = Libical.string(icalproperty_get_location(p))
                case ICAL_STATUS_PROPERTY:
                    switch icalproperty_get_status(p) {
                    case ICAL_STATUS_CANCELLED: event.status = .cancelled
                    case ICAL_STATUS_TENTATIVE: event.status = .tentative
                    case ICAL_STATUS_CONFIRMED: event.status = .confirmed
                    default: event.otherProperties.append(raw(p))
                    }
                case ICAL_TRANSP_PROPERTY:
                    event.isTransparent = icalproperty_get_transp(p) == ICAL_TRANSP_TRANSPARENT
                case ICAL_RRULE_PROPERTY:
                    if event.recurrenceRule == nil {
                        let text = Libical.takeString(icalproperty_get_value_as_string_r(p)) ?? ""
                        event.recurrenceRule = try RecurrenceRule(parsing: text)
                    }
                case ICAL_ORGANIZER_PROPERTY: event.organizer = participant(p)
                case ICAL_ATTENDEE_PROPERTY: event.attendees.append(participant(p))
                case ICAL_XLICERROR_PROPERTY:
                    errors.append(Libical.string(icalproperty_get_xlicerror(p)) ?? "")
                default: event.otherProperties.append(raw(p))
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if let bad = errors.first(where: { e in timingProperties.contains(where: { e.contains($0) }) }) {
            throw ICalendarError(bad.contains("RRULE") ? .invalidRecurrenceRule : .invalidValue, "VEVENT: \(bad.prefix(120))")
        }
        guard let uid, !uid.isEmpty else { throw ICalendarError(.missingProperty, "VEVENT without UID") }
        guard let start else { throw ICalendarError(.missingProperty, "VEVENT \(uid.prefix(80)) without DTSTART") }
        event.uid = uid
        event.start = start
        var sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT)
        while let s = sub {
            if let text = Libical.takeString(icalcomponent_as_ical_string_r(s)) { event.otherComponents.append(text) }
            sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)
        }
        return event
    }

    private static func freeBusy(_ c: OpaquePointer) throws(ICalendarError) -> FreeBusy {
        var fb = FreeBusy(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 0), periods: [])
        var failure: ICalendarError?
        forEachProperty(c) { p in
            do throws(ICalendarError) {
                switch icalproperty_isa(p) {
                case ICAL_UID_PROPERTY: fb.uid = Libical.string(icalproperty_get_uid(p))
                case ICAL_DTSTAMP_PROPERTY: fb.stamp = try instant(icalproperty_get_dtstamp(p), p, "DTSTAMP")
                case ICAL_DTSTART_PROPERTY: fb.start = try instant(icalproperty_get_dtstart(p), p, "DTSTART")
                case ICAL_DTEND_PROPERTY: fb.end = try instant(icalproperty_get_dtend(p), p, "DTEND")
                case ICAL_ORGANIZER_PROPERTY: fb.organizer = participant(p)
                case ICAL_ATTENDEE_PROPERTY: fb.attendee = participant(p)
                case ICAL_FREEBUSY_PROPERTY:
                    let period = icalproperty_get_freebusy(p)
                    let s = try instant(period.start, p, "FREEBUSY")
                    let e: Date
                    if icaltime_is_null_time(period.end) == 0 {
                        e = try instant(period.end, p, "FREEBUSY")
                    } else {
                        e = s.addingTimeInterval(TimeInterval(icaldurationtype_as_int(period.duration)))
                    }
                    let kind = parameters(p)["FBTYPE"].flatMap { FreeBusy.Kind(rawValue: $0.uppercased()) } ?? .busy
                    fb.periods.append(.init(start: s, end: e, kind: kind))
                default: break
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return fb
    }

    /// VFREEBUSY times are UTC by RFC 5545; a floating one is read as UTC too.
    private static func instant(_ t: icaltimetype, _ p: OpaquePointer, _ name: String) throws(ICalendarError) -> Date {
        let value = try dateTime(t, p, name)
        return Date(timeIntervalSince1970: TimeInterval(value.local.wallSeconds))
    }

    static func dateTime(_ t: icaltimetype, _ p: OpaquePointer, _ name: String) throws(ICalendarError) -> DateTimeValue {
        let local = LocalDateTime(year: Int(t.year), month: Int(t.month), day: Int(t.day),
                                  hour: Int(t.hour), minute: Int(t.minute), second: Int(t.second))
        guard local.isValid else { throw ICalendarError(.invalidValue, "\(name) is not a valid date: \(local)") }
        if t.is_date != 0 { return .date(local) }
        if icaltime_is_utc(t) != 0 { return .utc(local) }
        if let param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER),
           let tzid = Libical.string(icalparameter_get_tzid(param)), !tzid.isEmpty {
            if ["UTC", "GMT", "Etc/UTC", "Z"].contains(tzid) { return .utc(local) }
            return .zoned(local, tzid: tzid)
        }
        return .floating(local)
    }

    private static func participant(_ p: OpaquePointer) -> Participant {
        let params = parameters(p)
        let address = Libical.takeString(icalproperty_get_value_as_string_r(p)) ?? ""
        return Participant(address: address, name: params["CN"], role: params["ROLE"],
                           status: params["PARTSTAT"].flatMap { Participant.Status(rawValue: $0.uppercased()) },
                           rsvp: params["RSVP"].map { $0.uppercased() == "TRUE" })
    }

    /// All parameters of a property by upper-cased name, values unquoted.
    static func parameters(_ p: OpaquePointer) -> [String: String] {
        var out: [String: String] = [:]
        var param = icalproperty_get_first_parameter(p, ICAL_ANY_PARAMETER)
        while let q = param {
            if let text = Libical.takeString(icalparameter_as_ical_string_r(q)), let eq = text.firstIndex(of: "=") {
                var value = String(text[text.index(after: eq)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                out[text[..<eq].uppercased()] = value
            }
            param = icalproperty_get_next_parameter(p, ICAL_ANY_PARAMETER)
        }
        return out
    }

    private static func raw(_ p: OpaquePointer) -> RawProperty {
        let name = Libical.takeString(icalproperty_get_property_name_r(p)) ?? "X-UNKNOWN"
        let value = Libical.takeString(icalproperty_get_value_as_string_r(p)) ?? ""
        let folded = Libical.takeString(icalproperty_as_ical_string_r(p)) ?? "\(name):\(value)"
        let line = folded.replacingOccurrences(of: "\n ", with: "").replacingOccurrences(of: "\n", with: "")
        return RawProperty(name: name, value: value, line: line)
    }

    static func forEachProperty(_ c: OpaquePointer, _ body: (OpaquePointer) -> Void) {
        var p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY)
        while let q = p {
            body(q)
            p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)
        }
    }
}
