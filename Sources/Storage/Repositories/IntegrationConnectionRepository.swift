import Foundation
import SQLKit

/// Connected accounts, one per (user, type). Token values arrive already sealed; this type
/// never sees a plain token.
public struct IntegrationConnectionRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public struct Tokens: Sendable, Equatable {
        public var accessToken: String
        /// nil keeps the stored refresh token.
        public var refreshToken: String?
        public var expiresAt: Date?

        public init(accessToken: String, refreshToken: String?, expiresAt: Date?) {
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.expiresAt = expiresAt
        }
    }

    /// Creates or replaces the connection for (user, type) as `connected`.
    @discardableResult
    public func upsert(userID: String, type: String, accountEmail: String?, scopes: String, tokens: Tokens) async throws -> IntegrationConnectionRecord {
        try await database.withTransaction { db in
            let now = storageNow()
            let existing = try await Self.find(db, userID: userID, type: type)
            let record = IntegrationConnectionRecord(
                id: existing?.id ?? newIdentifier(), userId: userID, type: type, status: IntegrationConnectionRecord.connected,
                accountEmail: accountEmail, scopes: scopes, accessToken: tokens.accessToken,
                refreshToken: tokens.refreshToken ?? existing?.refreshToken, expiresAt: tokens.expiresAt,
                createdAt: existing?.createdAt ?? now, updatedAt: now
            )
            if existing != nil {
                try await db.delete(from: "integration_connections").where("id", .equal, record.id).run()
            }
            try await db.insert(record, into: "integration_connections")
            return record
        }
    }

    public func find(userID: String, type: String) async throws -> IntegrationConnectionRecord? {
        try await database.withConnection { db in try await Self.find(db, userID: userID, type: type) }
    }

    public func list(userID: String) async throws -> [IntegrationConnectionRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("integration_connections").where("user_id", .equal, userID)
                .orderBy("type").all().map { try $0.record(IntegrationConnectionRecord.self) }
        }
    }

    /// Stores refreshed tokens; a nil refresh token keeps the old one (Google sends none on most
    /// refreshes). Returns false when the connection is gone.
    @discardableResult
    public func updateTokens(userID: String, type: String, tokens: Tokens) async throws -> Bool {
        try await database.withTransaction { db in
            guard try await Self.find(db, userID: userID, type: type) != nil else { return false }
            var update = db.update("integration_connections")
                .set("access_token", to: tokens.accessToken).set("expires_at", to: tokens.expiresAt)
                .set("status", to: IntegrationConnectionRecord.connected).set("updated_at", to: storageNow())
            if let refresh = tokens.refreshToken { update = update.set("refresh_token", to: refresh) }
            try await update.where("user_id", .equal, userID).where("type", .equal, type).run()
            return true
        }
    }

    /// Marks the connection as needing the owner to connect again; returns true when it changed
    /// (so the caller notifies once, not on every failing call).
    @discardableResult
    public func markNeedsReauth(userID: String, type: String) async throws -> Bool {
        try await database.withTransaction { db in
            guard let existing = try await Self.find(db, userID: userID, type: type),
                  existing.status != IntegrationConnectionRecord.needsReauth else { return false }
            try await db.update("integration_connections")
                .set("status", to: IntegrationConnectionRecord.needsReauth).set("updated_at", to: storageNow())
                .where("id", .equal, existing.id).run()
            return true
        }
    }

    /// Deletes the connection and its tokens; returns the deleted record.
    @discardableResult
    public func delete(userID: String, type: String) async throws -> IntegrationConnectionRecord? {
        try await database.withTransaction { db in
            guard let existing = try await Self.find(db, userID: userID, type: type) else { return nil }
            try await db.delete(from: "integration_connections").where("id", .equal, existing.id).run()
            return existing
        }
    }

    /// Types whose connection needs the owner to connect again.
    public func needingReauth(userID: String) async throws -> [String] {
        try await database.withConnection { db in
            try await db.select().column("type").from("integration_connections")
                .where("user_id", .equal, userID).where("status", .equal, IntegrationConnectionRecord.needsReauth)
                .orderBy("type").all().map { try $0.decode(column: "type", as: String.self) }
        }
    }

    private static func find(_ db: any SQLDatabase, userID: String, type: String) async throws -> IntegrationConnectionRecord? {
        try await db.select().column("*").from("integration_connections")
            .where("user_id", .equal, userID).where("type", .equal, type)
            .first()?.record(IntegrationConnectionRecord.self)
    }
}
