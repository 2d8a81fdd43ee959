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
    let ownerBusy: OwnerBusyRepository

    public init(database: PerinDatabase, google: (any CalendarProvider)?) {
        self.local = LocalCalendar(database: database)
        self.google = google
        self.connections = IntegrationConnectionRepository(database: database)
        self.ownerBusy = OwnerBusyRepository(database: database)
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
        try await busyReading(userID: userID, from: from, to: to).busy
    }

    /// Busy time and the calendar that holds the owner's events, from one database read (plus
    /// Google's free/busy when connected): a booking writes to `holder` without asking again.
    public func busyReading(userID: String, from: Date, to: Date) async throws -> (busy: [BusyPeriod], holder: CalendarSource) {
        let reading = try await ownerBusy.read(userID: userID, from: from, to: to, connectionType: Self.googleType)
        var busy = reading.localEvents.map { BusyPeriod(start: $0.start, end: $0.end, source: .local) }
            + reading.feedBusy.map { BusyPeriod(start: $0.start, end: $0.end, source: .ics) }
        var holder = CalendarSource.local
        if let google, reading.connectionLive {
            busy += try await google.busyIntervals(userID: userID, from: from, to: to)
            holder = .google
        }
        return (busy.sorted { ($0.start, $0.end) < ($1.start, $1.end) }, holder)
    }

    public func createEvent(userID: String, _ event: NewCalendarEvent, idempotencyKey: String?) async throws -> CalendarEvent {
        try await provider(userID: userID).createEvent(userID: userID, event, idempotencyKey: idempotencyKey)
    }

    /// Creates the event in `holder` (as a `busyReading` just named it), skipping the lookup.
    public func createEvent(userID: String, _ event: NewCalendarEvent, idempotencyKey: String?, in holder: CalendarSource) async throws -> CalendarEvent {
        let provider: any CalendarProvider = holder == .google ? (google ?? local) : local
        return try await provider.createEvent(userID: userID, event, idempotencyKey: idempotencyKey)
    }

    /// The id an event created with `idempotencyKey` gets, in either calendar: a hex digest of
    /// (user, key), so a caller can store it before the write.
    public static func eventID(userID: String, idempotencyKey: String) -> String {
        GoogleCalendarProvider.eventID(userID: userID, key: idempotencyKey)
    }

    public func updateEvent(userID: String, eventID: String, _ patch: CalendarEventPatch) async throws -> CalendarEvent {
        try await provider(userID: userID).updateEvent(userID: userID, eventID: eventID, patch)
    }

    public func deleteEvent(userID: String, eventID: String) async throws {
        try await provider(userID: userID).deleteEvent(userID: userID, eventID: eventID)
    }
}
