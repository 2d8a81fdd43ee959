import Foundation
import SQLKit

/// Applies `Migrations.all` in version order, each in its own transaction, recording what ran
/// in `perin_migrations`. Running it again is a no-op; on PostgreSQL an advisory lock makes two
/// processes starting at once apply each migration exactly once.
public struct MigrationRunner: Sendable {
    public let database: PerinDatabase
    public let migrations: [Migration]

    /// Advisory-lock key for migrations (an arbitrary constant: "perin" in ASCII).
    static let advisoryLockKey: Int64 = 0x70_65_72_69_6E

    public init(database: PerinDatabase, migrations: [Migration] = Migrations.all) {
        self.database = database
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Returns the versions that were applied by this call.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await database.withConnection { db in
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS perin_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """).run()
        }
        var applied: [Int] = []
        for migration in migrations {
            let ran = try await database.withTransaction { db -> Bool in
                if database.kind == .postgresql {
                    try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLockKey))").run()
                }
                let existing = try await db.select().column("version").from("perin_migrations")
                    .where("version", .equal, migration.version).first()
                if existing != nil { return false }
                for statement in migration.statements(for: database.kind) {
                    do {
                        try await db.raw(SQLQueryString(statement)).run()
                    } catch {
                        throw DatabaseError(.migrationFailed, "migration \(migration.version) \(migration.name): \(String(reflecting: error))")
                    }
                }
                try await db.insert(into: "perin_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(ISO8601DateFormatter().string(from: Date())))
                    .run()
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return applied
    }

    /// Versions already recorded as applied.
    public func appliedVersions() async throws -> [Int] {
        try await database.withConnection { db in
            try await db.select().column("version").from("perin_migrations").orderBy("version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }
}
