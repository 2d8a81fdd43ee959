import Foundation
import ICalendar

/// The local calendar in and out of iCalendar text, through `ICalendar` (libical).
public struct CalendarICS: Sendable {
    public let local: LocalCalendar
    /// Recurring series are expanded into this window around now on import; one-off events
    /// (and overrides whose master is not in the file) are imported whenever they happen.
    public var pastWindow: TimeInterval = 365 * 86_400
    public var futureWindow: TimeInterval = 2 * 365 * 86_400
    /// Instances imported at most per file.
    public var maxEvents = 5000
    let now: @Sendable () -> Date

    public init(local: LocalCalendar, now: @escaping @Sendable () -> Date = { Date() }) {
        self.local = local
        self.now = now
    }

    public struct ImportResult: Codable, Sendable, Hashable {
        public var imported: Int
        public var skipped: Int
    }

    /// Parses `text` and stores its events for `userID`. Nothing is stored when the file does not
    /// parse. A single event keeps its UID (re-importing replaces it); each instance of a
    /// recurring series gets `UID/start` so instances stay distinct.
    public func importCalendar(userID: String, text: String) async throws -> ImportResult {
        let calendar = try VCalendar(parsing: text)
        let recurringUIDs = Set(calendar.events.filter { $0.recurrenceRule != nil || !$0.recurrenceDates.isEmpty || $0.recurrenceID != nil }.map(\.uid))
        // Only a series (RRULE or RDATE) is unbounded; it alone is cut to the window.
        let seriesUIDs = Set(calendar.events.filter { $0.recurrenceID == nil && ($0.recurrenceRule != nil || !$0.recurrenceDates.isEmpty) }.map(\.uid))
        let occurrences = try Self.importInstances(of: calendar, seriesUIDs: seriesUIDs,
                                                   from: now().addingTimeInterval(-pastWindow), to: now().addingTimeInterval(futureWindow))
        guard occurrences.count <= maxEvents else {
            throw CalendarError(.invalid, "the file holds more than \(maxEvents) events in the import window")
        }
        var imported = 0, skipped = 0
        for occurrence in occurrences {
            let source = calendar.events[occurrence.eventIndex]
            guard occurrence.end > occurrence.start else { skipped += 1; continue }
            let uid = recurringUIDs.contains(source.uid)
                ? "\(source.uid)/\(Int64(occurrence.start.timeIntervalSince1970))" : source.uid
            let zone = source.start.tzid.flatMap { TimeZone(identifier: $0) != nil ? $0 : nil } ?? "UTC"
            let event = NewCalendarEvent(
                title: source.summary ?? "(no title)", start: occurrence.start, end: occurrence.end, timeZone: zone,
                location: source.location, description: source.details,
                attendees: source.attendees.map { CalendarAttendee(email: $0.email, name: $0.name, status: $0.status?.rawValue) },
                sendUpdates: false, uid: uid
            )
            do {
                _ = try await local.importEvent(userID: userID, event, sequence: source.sequence)
                imported += 1
            } catch is CalendarError {
                skipped += 1
            }
        }
        return ImportResult(imported: imported, skipped: skipped)
    }

    /// Every event of the user's local calendar as one VCALENDAR (zoned times, with VTIMEZONEs).
    public func exportCalendar(userID: String, name: String = "Perin") async throws -> String {
        let records = try await local.repository.all(userID: userID)
        var calendar = VCalendar()
        calendar.otherProperties = [RawProperty(name: "X-WR-CALNAME", value: name, line: "X-WR-CALNAME:\(Self.escape(name))")]
        calendar.events = records.map { record in
            let zone = TimeZone(identifier: record.timeZone) ?? .gmt
            var event = Event(uid: record.uid, start: Self.value(record.startAt, zone: zone), end: Self.value(record.endAt, zone: zone),
                              summary: record.title)
            event.sequence = record.sequence
            event.stamp = LocalDateTime(wallSeconds: Int64(record.updatedAt.timeIntervalSince1970))
            event.location = record.location
            event.details = record.description
            event.attendees = LocalCalendar.decode(record.attendees).map {
                Participant(address: "mailto:\($0.email)", name: $0.name, status: $0.status.flatMap(Participant.Status.init(rawValue:)))
            }
            return event
        }
        return try calendar.serialized()
    }

    /// Busy time of a feed's text in a window (transparent and cancelled instances do not block).
    public static func busy(in text: String, from: Date, to: Date) throws -> [(start: Date, end: Date)] {
        let calendar = try VCalendar(parsing: text)
        return try instances(of: calendar, from: from, to: to)
            .filter { !$0.isTransparent && $0.end > $0.start }
            .map { ($0.start, $0.end) }
    }

    static func instances(of calendar: VCalendar, from: Date, to: Date) throws -> [Occurrence] {
        try calendar.occurrences(from: from, to: to, options: ExpansionOptions(maxOccurrences: 100_000))
    }

    /// What an import stores: every instance of the series whose UID is in `seriesUIDs`
    /// (masters with RRULE/RDATE and their RECURRENCE-ID overrides) that meets [from, to), and
    /// every other event (a one-off, or an override whose master is not in the file) whenever
    /// it happens. `eventIndex` still points into `calendar.events`; sorted by start, then by
    /// file order.
    static func importInstances(of calendar: VCalendar, seriesUIDs: Set<String>, from: Date, to: Date) throws -> [Occurrence] {
        var result: [Occurrence] = []
        for recurring in [true, false] {
            let indices = calendar.events.indices.filter { seriesUIDs.contains(calendar.events[$0].uid) == recurring }
            guard !indices.isEmpty else { continue }
            var part = calendar
            part.events = indices.map { calendar.events[$0] }
            let found = recurring
                ? try instances(of: part, from: from, to: to)
                : try instances(of: part, from: .distantPast, to: .distantFuture)
            result += found.map { occurrence in
                var occurrence = occurrence
                occurrence.eventIndex = indices[occurrence.eventIndex]
                return occurrence
            }
        }
        result.sort { $0.start != $1.start ? $0.start < $1.start : $0.eventIndex < $1.eventIndex }
        return result
    }

    /// UTC stays UTC; any other zone is written as wall time with its TZID.
    static func value(_ date: Date, zone: TimeZone) -> DateTimeValue {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        guard zone.identifier != "UTC" && zone.identifier != "GMT" else { return .utc(LocalDateTime(wallSeconds: seconds)) }
        let offset = Int64(zone.secondsFromGMT(for: date))
        return .zoned(LocalDateTime(wallSeconds: seconds + offset), tzid: zone.identifier)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n")
    }
}
