import Foundation
import Storage

/// The embedded default calendar: events in Perin's own database, so scheduling works with no
/// outside account at all.
public struct LocalCalendar: CalendarProvider {
    public let repository: CalendarEventRepository

    public init(database: PerinDatabase) {
        self.repository = CalendarEventRepository(database: database)
    }

    public func events(userID: String, from: Date, to: Date) async throws -> [CalendarEvent] {
        try await repository.list(userID: userID, from: from, to: to).map(Self.event)
    }

    public func busyIntervals(userID: String, from: Date, to: Date) async throws -> [BusyPeriod] {
        try await repository.spans(userID: userID, from: from, to: to).map { BusyPeriod(start: $0.start, end: $0.end, source: .local) }
    }

    public func event(userID: String, eventID: String) async throws -> CalendarEvent? {
        try await repository.find(userID: userID, id: eventID).map(Self.event)
    }

    public func createEvent(userID: String, _ event: NewCalendarEvent, idempotencyKey: String?) async throws -> CalendarEvent {
        try Self.validate(title: event.title, start: event.start, end: event.end, timeZone: event.timeZone)
        let draft = CalendarEventRepository.Draft(
            uid: event.uid, title: event.title, startAt: Self.rounded(event.start), endAt: Self.rounded(event.end),
            timeZone: event.timeZone, location: event.location, description: event.description,
            attendees: Self.encode(event.attendees)
        )
        do {
            // A keyed event gets the id Google would give it, so callers can know it in advance.
            let id = idempotencyKey.map { CalendarService.eventID(userID: userID, idempotencyKey: $0) }
            return Self.event(try await repository.create(userID: userID, draft, id: id, idempotencyKey: idempotencyKey))
        } catch let error as DatabaseError where error.code == .conflict {
            throw CalendarError(.invalid, "an event with this UID already exists")
        }
    }

    /// Imports keep the file's UID and SEQUENCE and replace an earlier import of the same UID.
    public func importEvent(userID: String, _ event: NewCalendarEvent, sequence: Int) async throws -> CalendarEvent {
        try Self.validate(title: event.title, start: event.start, end: event.end, timeZone: event.timeZone, allowEmpty: true)
        let draft = CalendarEventRepository.Draft(
            uid: event.uid, title: event.title, startAt: Self.rounded(event.start), endAt: Self.rounded(event.end),
            timeZone: event.timeZone, location: event.location, description: event.description,
            attendees: Self.encode(event.attendees), sequence: sequence
        )
        return Self.event(try await repository.create(userID: userID, draft, replacingUID: true))
    }

    public func updateEvent(userID: String, eventID: String, _ patch: CalendarEventPatch) async throws -> CalendarEvent {
        guard let current = try await repository.find(userID: userID, id: eventID) else {
            throw CalendarError(.notFound, "no such event")
        }
        let start = patch.start ?? current.startAt, end = patch.end ?? current.endAt
        try Self.validate(title: patch.title ?? current.title, start: start, end: end, timeZone: patch.timeZone ?? current.timeZone)
        let attendees = patch.attendees.map(Self.encode)
        guard let updated = try await repository.update(userID: userID, id: eventID, { draft in
            if let title = patch.title { draft.title = title }
            draft.startAt = Self.rounded(start)
            draft.endAt = Self.rounded(end)
            if let zone = patch.timeZone { draft.timeZone = zone }
            if let location = patch.location { draft.location = location.isEmpty ? nil : location }
            if let description = patch.description { draft.description = description.isEmpty ? nil : description }
            if let attendees { draft.attendees = attendees }
        }) else { throw CalendarError(.notFound, "no such event") }
        return Self.event(updated)
    }

    public func deleteEvent(userID: String, eventID: String) async throws {
        guard try await repository.delete(userID: userID, id: eventID) else { throw CalendarError(.notFound, "no such event") }
    }

    // MARK: Mapping

    static func event(_ record: CalendarEventRecord) -> CalendarEvent {
        CalendarEvent(
            id: record.id, title: record.title, start: record.startAt, end: record.endAt, timeZone: record.timeZone,
            location: record.location, description: record.description, attendees: decode(record.attendees),
            source: .local, uid: record.uid, sequence: record.sequence
        )
    }

    static func encode(_ attendees: [CalendarAttendee]) -> String {
        (try? String(decoding: JSONEncoder().encode(attendees), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ text: String) -> [CalendarAttendee] {
        (try? JSONDecoder().decode([CalendarAttendee].self, from: Data(text.utf8))) ?? []
    }

    /// Stored to the millisecond, so what is read back equals what was written on both back ends.
    static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    static func validate(title: String, start: Date, end: Date, timeZone: String, allowEmpty: Bool = false) throws {
        guard allowEmpty || !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CalendarError(.invalid, "title must not be empty")
        }
        guard title.count <= 1000 else { throw CalendarError(.invalid, "title must be at most 1000 characters") }
        guard end > start else { throw CalendarError(.invalid, "end must be after start") }
        guard end.timeIntervalSince(start) <= 366 * 86_400 else { throw CalendarError(.invalid, "an event may last at most a year") }
        guard TimeZone(identifier: timeZone) != nil else { throw CalendarError(.invalid, "unknown time zone '\(timeZone)'") }
    }
}
