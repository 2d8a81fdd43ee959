import Foundation
import SQLKit

/// OAuth2 `state` values of connections in progress, stored as SHA-256 and single use: `consume`
/// deletes the row in the same transaction that reads it, so a replayed state finds nothing.
public struct OAuthStateRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public func create(state: String, userID: String, type: String, sealedVerifier: String, expiresAt: Date) async throws {
        let record = OAuthStateRecord(
            stateHash: SecretToken.hash(state), userId: userID, type: type, codeVerifier: sealedVerifier,
            expiresAt: expiresAt, createdAt: storageNow()
        )
        try await database.withTransaction { db in
            // Old, abandoned attempts are swept here rather than by a timer.
            try await db.delete(from: "oauth_states").where("expires_at", .lessThan, storageNow().addingTimeInterval(-3600)).run()
            try await db.insert(into: "oauth_states").model(record, keyEncodingStrategy: .snakeCaseColumns).run()
        }
    }

    /// Removes and returns the state's record whatever it holds; the caller checks owner, type and
    /// expiry, so a state presented wrongly is burnt and cannot be tried again.
    public func consume(state: String) async throws -> OAuthStateRecord? {
        let hash = SecretToken.hash(state)
        return try await database.withTransaction { db in
            guard let record = try await db.select().column("*").from("oauth_states").where("state_hash", .equal, hash)
                .first()?.record(OAuthStateRecord.self) else { return nil }
            try await db.delete(from: "oauth_states").where("state_hash", .equal, hash).run()
            // The lookup was by hash (an index probe); compare again without an early exit.
            return SecretToken.constantTimeEquals(record.stateHash, hash) ? record : nil
        }
    }
}
