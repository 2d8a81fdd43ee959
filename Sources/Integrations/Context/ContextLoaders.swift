import Foundation
import Storage

/// Recent inbox mail as compact lines.
public struct GmailContextLoader: IntegrationContextLoader {
    public let id = "gmail"
    let client: GmailClient
    let users: UserRepository
    public var query = "in:inbox newer_than:7d"
    public var count = 10
    public var budget = 2000

    public init(client: GmailClient, database: PerinDatabase) {
        self.client = client
        self.users = UserRepository(database: database)
    }

    public func load(userID: String) async throws -> String {
        let zone = try await users.find(id: userID).flatMap { TimeZone(identifier: $0.timezone) } ?? .gmt
        let messages = try await client.recent(userID: userID, query: query, count: count)
        return GmailTransformer.context(messages, budget: budget, timeZone: zone)
    }
}

/// The owner's next days of events, from whichever calendar `CalendarService` picks.
public struct CalendarContextLoader: IntegrationContextLoader {
    public let id = "calendar"
    let calendar: CalendarService
    let users: UserRepository
    public var days = 7
    public var budget = 2500
    let now: @Sendable () -> Date

    public init(calendar: CalendarService, database: PerinDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.calendar = calendar
        self.users = UserRepository(database: database)
        self.now = now
    }

    public func load(userID: String) async throws -> String {
        let zone = try await users.find(id: userID).flatMap { TimeZone(identifier: $0.timezone) } ?? .gmt
        let start = now().addingTimeInterval(-3600)
        let events = try await calendar.events(userID: userID, from: start, to: start.addingTimeInterval(Double(days) * 86_400))
        return CalendarTransformer.context(events, budget: budget, timeZone: zone)
    }
}

/// Busy time from subscribed .ics feeds (no titles: feeds may be shared calendars).
public struct ICSFeedContextLoader: IntegrationContextLoader {
    public let id = "ics-feed"
    let feeds: CalendarFeedRepository
    let users: UserRepository
    let now: @Sendable () -> Date

    public init(database: PerinDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.feeds = CalendarFeedRepository(database: database)
        self.users = UserRepository(database: database)
        self.now = now
    }

    public func load(userID: String) async throws -> String {
        let zone = try await users.find(id: userID).flatMap { TimeZone(identifier: $0.timezone) } ?? .gmt
        let busy = try await feeds.busy(userID: userID, from: now(), to: now().addingTimeInterval(7 * 86_400))
        guard !busy.isEmpty else { return "No busy time from subscribed calendars in the next 7 days." }
        let periods = busy.prefix(40).map { CalendarTransformer.range($0.start, $0.end, zone: zone) }
        return "Busy (subscribed calendars): " + periods.joined(separator: "; ")
    }
}
