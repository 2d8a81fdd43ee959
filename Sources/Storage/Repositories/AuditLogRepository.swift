import Foundation
import SQLKit

/// Append-only record of security-relevant actions (logins, tokens, links, bookings).
public struct AuditLogRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public func record(userID: String?, action: String, target: String? = nil, detail: String? = nil, ip: String? = nil) async throws {
        let entry = AuditEntry(id: newIdentifier(), userId: userID, action: action, target: target, detail: detail, ip: ip, createdAt: storageNow())
        try await database.withConnection { db in
            try await db.insert(entry, into: "audit_log")
        }
    }

    /// Newest first.
    public func list(userID: String, limit: Int = 100) async throws -> [AuditEntry] {
        try await database.withConnection { db in
            try await db.select().column("*").from("audit_log").where("user_id", .equal, userID)
                .orderBy("created_at", .descending).limit(limit)
                .all().map { try $0.record(AuditEntry.self) }
        }
    }
}
