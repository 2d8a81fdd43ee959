import AgentGraph
import PerinTesting
import Storage
import Testing

/// The checkpointers the conformance suite runs against.
enum CheckpointStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite, postgresql

    var testDescription: String { rawValue }

    /// Memory and SQLite always; PostgreSQL when the test command started one (always on CI).
    static var available: [CheckpointStoreKind] {
        [.memory] + TestDatabases.kinds.map { $0 == .sqlite ? .sqlite : .postgresql }
    }

    func withStore<T: Sendable>(_ body: (any Checkpointer) async throws -> T) async throws -> T {
        switch self {
        case .memory:
            return try await body(MemoryCheckpointer())
        case .sqlite:
            return try await withCheckpointDatabase(.sqlite) { try await body(SQLCheckpointer(database: $0)) }
        case .postgresql:
            return try await withCheckpointDatabase(.postgresql) { try await body(SQLCheckpointer(database: $0)) }
        }
    }
}

/// A fresh migrated database with the checkpoint tables (listed explicitly so the tests do not
/// depend on the migration list's order; applying it twice is a no-op).
func withCheckpointDatabase<T: Sendable>(
    _ kind: DatabaseKind, _ body: (PerinDatabase) async throws -> T
) async throws -> T {
    let migrations = Migrations.all + [Migration020GraphCheckpoints.migration]
    guard kind == .sqlite else {
        return try await TestDatabases.withDatabase(kind, migrate: false) { database in
            try await MigrationRunner(database: database, migrations: migrations).migrate()
            return try await body(database)
        }
    }
    // SQLite needs no running service: open, use, and always close the file.
    let handle = try await TestDatabases.makeDatabase(.sqlite)
    let database = try await PerinDatabase(location: handle.location, logger: TestDatabases.logger)
    do {
        try await MigrationRunner(database: database, migrations: migrations).migrate()
        let result = try await body(database)
        try await database.close()
        await handle.cleanup()
        return result
    } catch {
        try? await database.close()
        await handle.cleanup()
        throw error
    }
}
