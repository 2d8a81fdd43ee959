import Foundation
import SQLKit

/// API tokens: the secret is returned once by `issue` and only its SHA-256 is stored.
public struct APITokenRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    /// Creates a token for `userID`; the returned secret is never stored or shown again.
    public func issue(userID: String, label: String = "default") async throws -> (record: APITokenRecord, secret: String) {
        let secret = SecretToken.generate(prefix: "perin_")
        let record = APITokenRecord(
            id: newIdentifier(), userId: userID, tokenHash: SecretToken.hash(secret), label: label,
            createdAt: storageNow(), revokedAt: nil
        )
        try await database.withConnection { db in
            try await db.insert(record, into: "api_tokens")
        }
        return (record, secret)
    }

    /// The owner of a live (not revoked) token, looked up by the secret's hash.
    public func user(forSecret secret: String) async throws -> UserRecord? {
        let hash = SecretToken.hash(secret)
        return try await database.withConnection { db in
            try await db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users")))
                .from("api_tokens")
                .join("users", on: SQLColumn("user_id", table: "api_tokens"), .equal, SQLColumn("id", table: "users"))
                .where(SQLColumn("token_hash", table: "api_tokens"), .equal, SQLBind(hash))
                .where(SQLColumn("revoked_at", table: "api_tokens"), .is, SQLLiteral.null)
                .first()?.record(UserRecord.self)
        }
    }

    public func list(userID: String) async throws -> [APITokenRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("api_tokens").where("user_id", .equal, userID).orderBy("created_at")
                .all().map { try $0.record(APITokenRecord.self) }
        }
    }

    /// Revokes one of `userID`'s tokens; returns false when there is no such live token.
    @discardableResult
    public func revoke(id: String, userID: String) async throws -> Bool {
        try await database.withTransaction { db in
            let live = try await db.select().column("id").from("api_tokens")
                .where("id", .equal, id).where("user_id", .equal, userID).where("revoked_at", .is, SQLLiteral.null).first()
            guard live != nil else { return false }
            try await db.update("api_tokens").set("revoked_at", to: storageNow()).where("id", .equal, id).run()
            return true
        }
    }

    /// Revokes by the secret itself (CLI: `perin user revoke-token`); returns the token's id.
    public func revoke(secret: String) async throws -> String? {
        let hash = SecretToken.hash(secret)
        return try await database.withTransaction { db in
            guard let row = try await db.select().column("id").from("api_tokens")
                .where("token_hash", .equal, hash).where("revoked_at", .is, SQLLiteral.null).first()
            else { return nil }
            let id = try row.decode(column: "id", as: String.self)
            try await db.update("api_tokens").set("revoked_at", to: storageNow()).where("id", .equal, id).run()
            return id
        }
    }
}
