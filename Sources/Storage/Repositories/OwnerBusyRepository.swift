import Foundation
import SQLKit

/// Everything in Perin's own database that makes an owner busy — local calendar events and
/// the cached busy time of subscribed feeds — and whether a calendar connection is live, read
/// in one statement: a booking asks this once instead of three times.
public struct OwnerBusyRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public struct Reading: Sendable {
        public var localEvents: [(start: Date, end: Date)] = []
        public var feedBusy: [(start: Date, end: Date)] = []
        /// True when the owner has a live connection of the asked type.
        public var connectionLive = false
    }

    /// The owner's local events (at most `limit`, earliest first) and feed busy time meeting
    /// [from, to), and whether a `connectionType` connection is live.
    public func read(userID: String, from: Date, to: Date, connectionType: String, limit: Int = 2000) async throws -> Reading {
        try await database.withConnection { db in
            // source 0: local events, 1: feed busy, 2: a live connection (no span).
            let rows = try await db.raw("""
                SELECT * FROM (SELECT 0 AS source, start_at, end_at FROM calendar_events
                    WHERE user_id = \(bind: userID) AND start_at < \(bind: to) AND end_at > \(bind: from)
                    ORDER BY start_at, id LIMIT \(bind: limit)) AS local_events
                UNION ALL SELECT 1, start_at, end_at FROM ics_feed_busy
                    WHERE user_id = \(bind: userID) AND start_at < \(bind: to) AND end_at > \(bind: from)
                UNION ALL SELECT 2, NULL, NULL FROM integration_connections
                    WHERE user_id = \(bind: userID) AND type = \(bind: connectionType) AND status = \(bind: IntegrationConnectionRecord.connected)
                """).all()
            var reading = Reading()
            for row in rows {
                switch try row.decode(column: "source", as: Int.self) {
                case 0: reading.localEvents.append(try Self.span(row))
                case 1: reading.feedBusy.append(try Self.span(row))
                default: reading.connectionLive = true
                }
            }
            return reading
        }
    }

    private static func span(_ row: any SQLRow) throws -> (start: Date, end: Date) {
        (try row.decode(column: "start_at", as: Date.self), try row.decode(column: "end_at", as: Date.self))
    }
}
