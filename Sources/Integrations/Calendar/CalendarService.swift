import Foundation
import Storage

/// Picks each owner's calendar: Google when a `google-calendar` connection is live, else the
/// local calendar. Busy time always adds the local calendar's events (created before Google
/// was connected, or imported) and the cached busy time of subscribed .ics feeds, so nothing the
/// owner has committed to is ever offered as free.
public struct CalendarService: CalendarProvider {
    public static let googleType = "google-calendar"

    public let local: LocalCalendar
    public let google: (any CalendarProvider)?
    let connections: IntegrationConnectionRepository
    let feeds: CalendarFeedRepository

    public init(database: PerinDatabase, google: (any CalendarProvider)?) {
        self.local = LocalCalendar(database: database)
        self.google = google
        self.connections = IntegrationConnectionRepository(database: database)
        self.feeds = CalendarFeedRepository(database: database)
    }

    /// The calendar that holds this owner's events.
    public func provider(userID: String) async throws -> any CalendarProvider {
        guard let google, let connection = try await connections.find(userID: userID, type: Self.googleType),
              connection.status == IntegrationConnectionRecord.connected else { return local }
        return google
    }

    public func source(userID: String) async throws -> CalendarSource {
        try await provider(userID: userID) is LocalCalendar ? .local : .google
    }

    public func events(userID: String, from: Date, to: Date) async throws -> [CalendarEvent] {
        try await provider(userID: userID).events(userID: userID, from: from, to: to)
    }

    public func busyIntervals(userID: String, from: Date, to: Date) async throws -> [BusyPeriod] {
        // The three reads are independent: run them side by side (each on its own connection).
        async let local = local.busyIntervals(userID: userID, from: from, to: to)
        async let feedBusy = feeds.busy(userID: userID, from: from, to: to)
        let provider = try await provider(userID: userID)
        var busy = provider is LocalCalendar ? [] : try await provider.busyIntervals(userID: userID, from: from, to: to)
        busy += try await local
        busy += try await feedBusy.map { BusyPeriod(start: $0.start, end: $0.end, source: .ics) }
        return busy.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    public func createEvent(userID: String, _ event: NewCalendarEvent, idempotencyKey: String?) async throws -> CalendarEvent {
        try await provider(userID: userID).createEvent(userID: userID, event, idempotencyKey: idempotencyKey)
    }

    public func updateEvent(userID: String, eventID: String, _ patch: CalendarEventPatch) async throws -> CalendarEvent {
        try await provider(userID: userID).updateEvent(userID: userID, eventID: eventID, patch)
    }

    public func deleteEvent(userID: String, eventID: String) async throws {
        try await provider(userID: userID).deleteEvent(userID: userID, eventID: eventID)
    }
}
