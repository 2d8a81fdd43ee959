import Foundation
import SQLKit

/// Per-user memory entries, unique by key. Ranking and pruning policy live in `Assistant`.
public struct MemoryRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    /// Inserts or replaces the entry for (user, key).
    @discardableResult
    public func save(userID: String, key: String, content: String, type: String, importance: Double) async throws -> MemoryRecord {
        try await database.withTransaction { db in
            let now = storageNow()
            if let existing = try await db.select().column("*").from("memories")
                .where("user_id", .equal, userID).where("key", .equal, key).first()?.record(MemoryRecord.self) {
                try await db.update("memories")
                    .set("content", to: content).set("type", to: type).set("importance", to: importance).set("updated_at", to: now)
                    .where("id", .equal, existing.id).run()
                return MemoryRecord(
                    id: existing.id, userId: userID, key: key, content: content, type: type, importance: importance,
                    createdAt: existing.createdAt, updatedAt: now
                )
            }
            let record = MemoryRecord(
                id: newIdentifier(), userId: userID, key: key, content: content, type: type, importance: importance,
                createdAt: now, updatedAt: now
            )
            try await db.insert(into: "memories").model(record, keyEncodingStrategy: .snakeCaseColumns).run()
            return record
        }
    }

    /// All of the user's entries, or only those with the given keys.
    public func list(userID: String, keys: [String]? = nil) async throws -> [MemoryRecord] {
        try await database.withConnection { db in
            var query = db.select().column("*").from("memories").where("user_id", .equal, userID)
            if let keys {
                if keys.isEmpty { return [] }
                query = query.where("key", .in, keys)
            }
            return try await query.orderBy("updated_at", .descending).orderBy("key").all().map { try $0.record(MemoryRecord.self) }
        }
    }

    /// Deletes the user's entries with the given keys, or all of them; returns how many went.
    @discardableResult
    public func delete(userID: String, keys: [String]? = nil) async throws -> Int {
        try await database.withTransaction { db in
            var count = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("memories")
                .where("user_id", .equal, userID)
            var delete = db.delete(from: "memories").where("user_id", .equal, userID)
            if let keys {
                if keys.isEmpty { return 0 }
                count = count.where("key", .in, keys)
                delete = delete.where("key", .in, keys)
            }
            let removed = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
            try await delete.run()
            return removed
        }
    }
}
