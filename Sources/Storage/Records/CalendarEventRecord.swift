import Foundation

/// An event of the local calendar. Times are instants; `timeZone` is the zone it was planned in
/// (for display and export). `attendees` is JSON text (`[{"email","name","status"}]`).
public struct CalendarEventRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var uid: String
    public var title: String
    public var startAt: Date
    public var endAt: Date
    public var timeZone: String
    public var location: String?
    public var description: String?
    public var attendees: String
    public var sequence: Int
    public var idempotencyKey: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// A subscribed read-only .ics feed.
public struct ICSFeedRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var url: String
    public var name: String
    public var lastFetchedAt: Date?
    public var lastError: String?
    public var createdAt: Date
}
