import Foundation

/// An event as the assistant sees it: enough to answer questions and confirm bookings.
public struct CalendarItem: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var start: Date
    public var end: Date
    public var attendees: [String]

    public init(id: String, title: String, start: Date, end: Date, attendees: [String] = []) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.attendees = attendees
    }
}

/// A new event the assistant wants on the owner's calendar.
public struct CalendarDraft: Sendable, Codable, Hashable {
    public var title: String
    public var start: Date
    public var end: Date
    public var attendees: [String]
    public var timeZone: String

    public init(title: String, start: Date, end: Date, attendees: [String] = [], timeZone: String) {
        self.title = title
        self.start = start
        self.end = end
        self.attendees = attendees
        self.timeZone = timeZone
    }
}

/// The owner's calendar as the assistant's tools and context loader need it. The
/// Integrations module's calendar service is adapted to this; tests use `InMemoryCalendar`.
public protocol AssistantCalendar: Sendable {
    func events(userID: String, from: Date, to: Date) async throws -> [CalendarItem]
    /// Creates the event once per `idempotencyKey`: a repeated key returns the first event.
    func createEvent(userID: String, draft: CalendarDraft, idempotencyKey: String) async throws -> CalendarItem
}
