import Foundation
import SQLKit

/// The owner's notifications. Every query is scoped by user id, so one owner can never read,
/// mark or resolve another's.
public struct NotificationRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public struct NewNotification: Sendable {
        public var kind: String
        public var title: String
        public var body: String
        /// JSON text naming what answering the notification acts on.
        public var actionRef: String?
        public var deadline: Date?

        public init(kind: String, title: String, body: String, actionRef: String? = nil, deadline: Date? = nil) {
            self.kind = kind
            self.title = title
            self.body = body
            self.actionRef = actionRef
            self.deadline = deadline
        }
    }

    @discardableResult
    public func create(userID: String, _ new: NewNotification) async throws -> NotificationRecord {
        let record = NotificationRecord(
            id: newIdentifier(), userId: userID, kind: new.kind, title: new.title, body: new.body,
            actionRef: new.actionRef, deadline: new.deadline, readAt: nil, resolvedAt: nil, resolution: nil,
            createdAt: storageNow()
        )
        try await database.withConnection { db in
            try await db.insert(record, into: "notifications")
        }
        return record
    }

    /// Newest first. `unreadOnly` keeps those not yet read; `unresolvedOnly` those not yet answered.
    public func list(userID: String, unreadOnly: Bool = false, unresolvedOnly: Bool = false, kind: String? = nil, limit: Int = 100) async throws -> [NotificationRecord] {
        try await database.withConnection { db in
            var query = db.select().column("*").from("notifications").where("user_id", .equal, userID)
            if unreadOnly { query = query.where("read_at", .is, SQLLiteral.null) }
            if unresolvedOnly { query = query.where("resolved_at", .is, SQLLiteral.null) }
            if let kind { query = query.where("kind", .equal, kind) }
            return try await query.orderBy("created_at", .descending).orderBy("id").limit(max(1, min(limit, 1000)))
                .all().map { try $0.record(NotificationRecord.self) }
        }
    }

    public func find(userID: String, id: String) async throws -> NotificationRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("notifications")
                .where("user_id", .equal, userID).where("id", .equal, id)
                .first()?.record(NotificationRecord.self)
        }
    }

    /// Marks it read (first read time kept); nil when the user has no such notification.
    @discardableResult
    public func markRead(userID: String, id: String) async throws -> NotificationRecord? {
        try await database.withTransaction { db in
            try await db.update("notifications").set("read_at", to: storageNow())
                .where("user_id", .equal, userID).where("id", .equal, id).where("read_at", .is, SQLLiteral.null).run()
            return try await db.select().column("*").from("notifications")
                .where("user_id", .equal, userID).where("id", .equal, id).first()?.record(NotificationRecord.self)
        }
    }

    /// Records the answer (and marks it read). Resolving twice keeps the first answer; nil when
    /// the user has no such notification.
    @discardableResult
    public func resolve(userID: String, id: String, resolution: String) async throws -> NotificationRecord? {
        try await database.withTransaction { db in
            let now = storageNow()
            try await db.update("notifications").set("resolved_at", to: now).set("resolution", to: resolution)
                .where("user_id", .equal, userID).where("id", .equal, id).where("resolved_at", .is, SQLLiteral.null).run()
            try await db.update("notifications").set("read_at", to: now)
                .where("user_id", .equal, userID).where("id", .equal, id).where("read_at", .is, SQLLiteral.null).run()
            return try await db.select().column("*").from("notifications")
                .where("user_id", .equal, userID).where("id", .equal, id).first()?.record(NotificationRecord.self)
        }
    }
}
