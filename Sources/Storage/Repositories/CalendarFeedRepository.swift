import Foundation
import SQLKit

/// Subscribed .ics feeds with their cached busy time, and each owner's secret export token.
public struct CalendarFeedRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    // MARK: Feeds

    /// Subscribes (or returns the existing subscription to the same URL).
    public func subscribe(userID: String, url: String, name: String) async throws -> ICSFeedRecord {
        try await database.withTransaction { db in
            if let existing = try await db.select().column("*").from("ics_feeds")
                .where("user_id", .equal, userID).where("url", .equal, url).first()?.record(ICSFeedRecord.self) {
                return existing
            }
            let record = ICSFeedRecord(id: newIdentifier(), userId: userID, url: url, name: name, lastFetchedAt: nil, lastError: nil, createdAt: storageNow())
            try await db.insert(record, into: "ics_feeds")
            return record
        }
    }

    public func feeds(userID: String) async throws -> [ICSFeedRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("ics_feeds").where("user_id", .equal, userID)
                .orderBy("created_at").all().map { try $0.record(ICSFeedRecord.self) }
        }
    }

    /// Every feed of every user, for the refresher.
    public func allFeeds() async throws -> [ICSFeedRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("ics_feeds").orderBy("created_at").all().map { try $0.record(ICSFeedRecord.self) }
        }
    }

    @discardableResult
    public func unsubscribe(userID: String, id: String) async throws -> Bool {
        try await database.withTransaction { db in
            guard try await db.select().column("id").from("ics_feeds")
                .where("user_id", .equal, userID).where("id", .equal, id).first() != nil else { return false }
            try await db.delete(from: "ics_feed_busy").where("feed_id", .equal, id).run()
            try await db.delete(from: "ics_feeds").where("user_id", .equal, userID).where("id", .equal, id).run()
            return true
        }
    }

    /// Replaces the feed's cached busy time with a fresh fetch.
    public func replaceBusy(feedID: String, userID: String, busy: [(start: Date, end: Date)]) async throws {
        try await database.withTransaction { db in
            try await db.delete(from: "ics_feed_busy").where("feed_id", .equal, feedID).run()
            for chunk in stride(from: 0, to: busy.count, by: 200) {
                var insert = db.insert(into: "ics_feed_busy").columns("feed_id", "user_id", "start_at", "end_at")
                for interval in busy[chunk..<min(chunk + 200, busy.count)] {
                    insert = insert.values(SQLBind(feedID), SQLBind(userID), SQLBind(interval.start), SQLBind(interval.end))
                }
                try await insert.run()
            }
            try await db.update("ics_feeds").set("last_fetched_at", to: storageNow()).set("last_error", to: SQLLiteral.null)
                .where("id", .equal, feedID).run()
        }
    }

    /// Notes a failed fetch; the cached busy time stays as it was.
    public func recordError(feedID: String, message: String) async throws {
        try await database.withConnection { db in
            try await db.update("ics_feeds").set("last_error", to: String(message.prefix(500))).where("id", .equal, feedID).run()
        }
    }

    /// Cached feed busy time overlapping [from, to).
    public func busy(userID: String, from: Date, to: Date) async throws -> [(start: Date, end: Date)] {
        try await database.withConnection { db in
            try await db.select().column("start_at").column("end_at").from("ics_feed_busy")
                .where("user_id", .equal, userID).where("start_at", .lessThan, to).where("end_at", .greaterThan, from)
                .orderBy("start_at").all()
                .map { (try $0.decode(column: "start_at", as: Date.self), try $0.decode(column: "end_at", as: Date.self)) }
        }
    }

    // MARK: Export token

    /// Stores the hash of a new export token for the user (replacing any old one).
    public func setExportToken(userID: String, token: String) async throws {
        try await database.withTransaction { db in
            try await db.delete(from: "calendar_export_tokens").where("user_id", .equal, userID).run()
            try await db.insert(into: "calendar_export_tokens").columns("user_id", "token_hash", "created_at")
                .values(SQLBind(userID), SQLBind(SecretToken.hash(token)), SQLBind(storageNow())).run()
        }
    }

    /// The user whose export token this is, or nil.
    public func exportTokenOwner(token: String) async throws -> String? {
        let hash = SecretToken.hash(token)
        return try await database.withConnection { db in
            guard let row = try await db.select().column("user_id").column("token_hash").from("calendar_export_tokens")
                .where("token_hash", .equal, hash).first() else { return nil }
            let stored = try row.decode(column: "token_hash", as: String.self)
            return SecretToken.constantTimeEquals(stored, hash) ? try row.decode(column: "user_id", as: String.self) : nil
        }
    }
}
