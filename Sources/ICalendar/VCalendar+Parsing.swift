import CLibical
public import Foundation

extension VCalendar {
    /// Parses iCalendar text. Every TZID must resolve (the file's VTIMEZONE or the system
    /// zone database), so later expansion cannot meet an unknown zone.
    public init(parsing text: String, limits: ParseLimits = .default) throws(ICalendarError) {
        var text = text
        let result: Result<VCalendar, ICalendarError> = text.withUTF8 { buffer in
            do throws(ICalendarError) {
                return .success(try Self.parse(buffer, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses raw bytes, refusing anything that is not UTF-8 text.
    public init(parsing data: Data, limits: ParseLimits = .default) throws(ICalendarError) {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ICalendarError(.notText, "input is not UTF-8 text")
        }
        try self.init(parsing: text, limits: limits)
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, limits: ParseLimits) throws(ICalendarError) -> VCalendar {
        try Prescan.check(buffer, limits: limits)
        return try Libical.run { () throws(ICalendarError) -> VCalendar in
            // libical wants a NUL-terminated string; the prescan proved there is no NUL inside.
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: buffer.count + 1)
            defer { copy.deallocate() }
            buffer.withMemoryRebound(to: CChar.self) { _ = UnsafeMutableBufferPointer(start: copy, count: buffer.count).initialize(from: $0) }
            copy[buffer.count] = 0
            guard let root = icalparser_parse_string(copy) else {
                throw .malformed("libical found no component")
            }
            let handle = ComponentHandle(root)
            guard icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT else {
                throw .malformed("not a single VCALENDAR")
            }
            let calendar = try CalendarReader.read(handle.pointer)
            try calendar.checkTimeZones()
            return calendar
        }
    }

    /// Fails with `.unknownTimeZone` when a TZID used by an event resolves nowhere.
    func checkTimeZones() throws(ICalendarError) {
        for event in events {
            for value in [event.start, event.end, event.recurrenceID].compactMap({ $0 })
                + event.recurrenceDates + event.exceptionDates {
                if let tzid = value.tzid { _ = try ZoneRegistry.rules(for: tzid, definitions: timeZones) }
            }
        }
    }
}
