import Foundation

/// An owner's calendar: the local one, Google, or whatever comes next. Every call names the
/// user, so an implementation can never mix owners up.
public protocol CalendarProvider: Sendable {
    /// Events overlapping [from, to), earliest first.
    func events(userID: String, from: Date, to: Date) async throws -> [CalendarEvent]
    /// Busy time overlapping [from, to), earliest first (no titles).
    func busyIntervals(userID: String, from: Date, to: Date) async throws -> [BusyPeriod]
    /// Creates the event once per idempotency key: a retry with the same key returns the event
    /// the first call made.
    func createEvent(userID: String, _ event: NewCalendarEvent, idempotencyKey: String?) async throws -> CalendarEvent
    func updateEvent(userID: String, eventID: String, _ patch: CalendarEventPatch) async throws -> CalendarEvent
    func deleteEvent(userID: String, eventID: String) async throws
}

/// Why a calendar call failed. Client-safe messages; no tokens, no titles of other owners.
public struct CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No such event for this user.
        case notFound
        /// The event data is unusable (end before start, unknown zone, …).
        case invalid
        /// The connected account must be connected again.
        case needsReauth
        /// The provider failed (after retries) or its breaker is open.
        case unavailable
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "calendar \(code.rawValue): \(message)" }
}
