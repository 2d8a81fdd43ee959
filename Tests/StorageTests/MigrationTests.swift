import Foundation
import PerinTesting
import Storage
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("back ends under test are announced", arguments: [0])
    func announceBackends(_: Int) {
        // The test command's output shows which back ends the storage suite ran on.
        print("storage suite back ends: \(TestDatabases.kinds.map(\.rawValue).joined(separator: ", "))")
        #expect(TestDatabases.kinds.contains(.sqlite))
    }

    @Test("running migrations twice is a no-op", arguments: TestDatabases.kinds)
    func idempotent(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind, migrate: false) { database in
            let runner = MigrationRunner(database: database)
            let first = try await runner.migrate()
            #expect(first == Migrations.all.map(\.version))
            let second = try await runner.migrate()
            #expect(second.isEmpty)
            #expect(try await runner.appliedVersions() == Migrations.all.map(\.version))
        }
    }

    @Test("a failing migration rolls back and names itself", arguments: TestDatabases.kinds)
    func failingMigration(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let broken = Migration(version: 9_999, name: "broken", portable: [
                "CREATE TABLE half_done (id TEXT PRIMARY KEY)",
                "THIS IS NOT SQL",
            ])
            let runner = MigrationRunner(database: database, migrations: Migrations.all + [broken])
            await #expect(throws: DatabaseError.self) { try await runner.migrate() }
            #expect(try await runner.appliedVersions() == Migrations.all.map(\.version))
            // The first statement of the failed migration was rolled back with it (on SQLite too:
            // DDL is transactional in both).
            let tables = try await database.withConnection { db in
                try await db.raw(kind == .sqlite
                    ? "SELECT name FROM sqlite_master WHERE name = 'half_done'"
                    : "SELECT tablename AS name FROM pg_tables WHERE tablename = 'half_done'").all()
            }
            #expect(tables.isEmpty)
        }
    }

    @Test("data survives closing and reopening the database", arguments: TestDatabases.kinds)
    func survivesRestart(kind: DatabaseKind) async throws {
        let handle = try await TestDatabases.makeDatabase(kind)
        let created = try await TestDatabases.withRunning(handle.location) { database in
            let user = try await UserRepository(database: database).create(.init(email: "restart@example.com", name: "Re Start", timezone: "Europe/Berlin"))
            try await MemoryRepository(database: database).save(userID: user.id, key: "coffee", content: "oat flat white", type: "preference", importance: 0.7)
            return user
        }
        let (found, memories) = try await TestDatabases.withRunning(handle.location) { database in
            (try await UserRepository(database: database).find(id: created.id), try await MemoryRepository(database: database).list(userID: created.id))
        }
        await handle.cleanup()
        #expect(found?.id == created.id && found?.email == created.email && found?.timezone == created.timezone)
        // Timestamps survive to the millisecond (the storage precision on both back ends).
        #expect(abs((found?.createdAt.timeIntervalSince1970 ?? 0) - created.createdAt.timeIntervalSince1970) < 0.001)
        #expect(memories.map(\.content) == ["oat flat white"])
    }
}
