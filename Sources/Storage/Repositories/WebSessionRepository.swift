import Foundation
import SQLKit

/// Browser sessions after password login; the cookie holds the secret, the table its hash.
public struct WebSessionRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public func create(userID: String, lifetime: TimeInterval) async throws -> String {
        let secret = SecretToken.generate(prefix: "")
        let now = storageNow()
        try await database.withConnection { db in
            try await db.insert(into: "web_sessions")
                .columns("id_hash", "user_id", "created_at", "expires_at")
                .values(SQLBind(SecretToken.hash(secret)), SQLBind(userID), SQLBind(now), SQLBind(now.addingTimeInterval(lifetime)))
                .run()
        }
        return secret
    }

    public func user(forSecret secret: String, now: Date = Date()) async throws -> UserRecord? {
        try await database.withConnection { db in
            try await db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users")))
                .from("web_sessions")
                .join("users", on: SQLColumn("user_id", table: "web_sessions"), .equal, SQLColumn("id", table: "users"))
                .where(SQLColumn("id_hash", table: "web_sessions"), .equal, SQLBind(SecretToken.hash(secret)))
                .where(SQLColumn("expires_at", table: "web_sessions"), .greaterThan, SQLBind(now))
                .first()?.record(UserRecord.self)
        }
    }

    public func delete(secret: String) async throws {
        try await database.withConnection { db in
            try await db.delete(from: "web_sessions").where("id_hash", .equal, SecretToken.hash(secret)).run()
        }
    }
}
