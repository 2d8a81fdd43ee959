import Storage
import Foundation
import LLM

/// The owner's primary Google calendar as a `CalendarProvider`.
public struct GoogleCalendarProvider: CalendarProvider {
    public let client: GoogleCalendarClient

    public init(client: GoogleCalendarClient) {
        self.client = client
    }

    public func events(userID: String, from: Date, to: Date) async throws -> [CalendarEvent] {
        let (items, zone) = try await mapped { try await client.events(userID: userID, from: from, to: to) }
        return items.compactMap { Self.event($0, calendarZone: zone) }
    }

    public func busyIntervals(userID: String, from: Date, to: Date) async throws -> [BusyPeriod] {
        try await mapped { try await client.freeBusy(userID: userID, from: from, to: to) }
            .map { BusyPeriod(start: $0.start, end: $0.end, source: .google) }
    }

    public func createEvent(userID: String, _ event: NewCalendarEvent, idempotencyKey: String?) async throws -> CalendarEvent {
        try LocalCalendar.validate(title: event.title, start: event.start, end: event.end, timeZone: event.timeZone)
        var body = GoogleCalendarEvent(
            id: idempotencyKey.map { Self.eventID(userID: userID, key: $0) }, summary: event.title,
            start: .init(dateTime: RFC3339.string(event.start), timeZone: event.timeZone),
            end: .init(dateTime: RFC3339.string(event.end), timeZone: event.timeZone)
        )
        body.location = event.location
        body.description = event.description
        body.iCalUID = event.uid
        body.attendees = event.attendees.isEmpty ? nil : event.attendees.map { .init(email: $0.email, displayName: $0.name) }
        let created = try await mapped { try await client.insert(userID: userID, body, sendUpdates: event.sendUpdates) }
        guard let mapped = Self.event(created, calendarZone: event.timeZone) else {
            throw CalendarError(.unavailable, "Google answered with an unreadable event")
        }
        return mapped
    }

    public func updateEvent(userID: String, eventID: String, _ patch: CalendarEventPatch) async throws -> CalendarEvent {
        var body = GoogleCalendarEvent()
        body.summary = patch.title
        body.location = patch.location
        body.description = patch.description
        if let start = patch.start { body.start = .init(dateTime: RFC3339.string(start), timeZone: patch.timeZone) }
        if let end = patch.end { body.end = .init(dateTime: RFC3339.string(end), timeZone: patch.timeZone) }
        body.attendees = patch.attendees?.map { .init(email: $0.email, displayName: $0.name) }
        guard let updated = try await mapped({ try await client.patch(userID: userID, id: eventID, body, sendUpdates: patch.sendUpdates) }),
              let event = Self.event(updated, calendarZone: patch.timeZone) else {
            throw CalendarError(.notFound, "no such event")
        }
        return event
    }

    public func deleteEvent(userID: String, eventID: String) async throws {
        guard try await mapped({ try await client.delete(userID: userID, id: eventID) }) else {
            throw CalendarError(.notFound, "no such event")
        }
    }

    // MARK: Mapping

    /// Google event ids are base32hex (`a-v`, `0-9`), 5-1024 characters: a hex digest fits, and
    /// the same (user, key) always names the same event.
    static func eventID(userID: String, key: String) -> String {
        SecretToken.hash("\(userID)|\(key)")
    }

    static func event(_ item: GoogleCalendarEvent, calendarZone: String?) -> CalendarEvent? {
        guard let id = item.id, item.status != "cancelled", let start = item.start, let end = item.end else { return nil }
        let zoneName = start.timeZone ?? calendarZone ?? "UTC"
        let zone = TimeZone(identifier: zoneName) ?? .gmt
        func instant(_ time: GoogleCalendarEvent.Time) -> Date? {
            if let dateTime = time.dateTime { return RFC3339.date(dateTime) }
            return time.date.flatMap { RFC3339.day($0, zone: zone) }
        }
        guard let startDate = instant(start), let endDate = instant(end) else { return nil }
        return CalendarEvent(
            id: id, title: item.summary ?? "(no title)", start: startDate, end: endDate, timeZone: zoneName,
            location: item.location, description: item.description,
            attendees: (item.attendees ?? []).compactMap { attendee in
                attendee.email.map { CalendarAttendee(email: $0, name: attendee.displayName, status: partstat(attendee.responseStatus)) }
            },
            source: .google, uid: item.iCalUID ?? "\(id)@google.com", sequence: item.sequence ?? 0
        )
    }

    static func partstat(_ responseStatus: String?) -> String? {
        switch responseStatus {
        case "accepted": "ACCEPTED"
        case "declined": "DECLINED"
        case "tentative": "TENTATIVE"
        case "needsAction": "NEEDS-ACTION"
        default: nil
        }
    }

    /// Provider failures in the calendar's own terms.
    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as IntegrationError where error.code == .needsReauth || error.code == .notConnected {
            throw CalendarError(.needsReauth, "Google Calendar must be connected again")
        } catch let error as ServiceError {
            throw CalendarError(.unavailable, "Google Calendar is unavailable (\(error.category))")
        }
    }
}
