import Foundation
import Logging
import PostgresNIO
import Storage

/// Fresh, migrated databases for tests: a temporary SQLite file, and — when the test command
/// started a PostgreSQL server and put its URL in `PERIN_TEST_DATABASE_URL` — a new PostgreSQL
/// database per test, dropped afterwards. Under `CI=true` a missing PostgreSQL URL is an error,
/// so CI can never silently skip the PostgreSQL run.
public enum TestDatabases {
    public static let postgresURLVariable = "PERIN_TEST_DATABASE_URL"

    /// The back ends every storage test runs on.
    public static var kinds: [DatabaseKind] {
        postgresAdminURL == nil && !isCI ? [.sqlite] : [.sqlite, .postgresql]
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static var postgresAdminURL: String? {
        guard let url = ProcessInfo.processInfo.environment[postgresURLVariable], !url.isEmpty else { return nil }
        return url
    }

    /// A quiet logger for tests (errors only: PostgresNIO warns when a query is queued a moment
    /// before the pool's `run()` has started, which is expected here).
    public static var logger: Logger {
        var logger = Logger(label: "perin.test")
        logger.logLevel = .error
        return logger
    }

    /// Runs `body` with a running, migrated database of `kind`, then tears it down.
    public static func withDatabase<T: Sendable>(
        _ kind: DatabaseKind,
        migrate: Bool = true,
        _ body: (PerinDatabase) async throws -> T
    ) async throws -> T {
        let handle = try await makeDatabase(kind)
        do {
            let result = try await withRunning(handle.location, migrate: migrate, body)
            await handle.cleanup()
            return result
        } catch {
            await handle.cleanup()
            throw error
        }
    }

    /// Opens `location`, runs it as a service for the duration of `body`, then closes it.
    /// Used directly by restart tests that reopen the same location twice.
    public static func withRunning<T: Sendable>(
        _ location: DatabaseLocation,
        migrate: Bool = true,
        _ body: (PerinDatabase) async throws -> T
    ) async throws -> T {
        let database = try await PerinDatabase(location: location, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            do {
                if migrate { try await MigrationRunner(database: database).migrate() }
                let result = try await body(database)
                group.cancelAll()
                try? await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// A database location nobody else uses, and how to remove it afterwards.
    public struct Handle: Sendable {
        public let location: DatabaseLocation
        public let cleanup: @Sendable () async -> Void
    }

    public static func makeDatabase(_ kind: DatabaseKind) async throws -> Handle {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perin-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("perin.sqlite").path
            return Handle(location: .sqliteFile(path: path)) { try? FileManager.default.removeItem(at: directory) }
        case .postgresql:
            guard let adminURL = postgresAdminURL else {
                throw TestDatabaseError("\(postgresURLVariable) is not set; run the README test command (make test), which starts PostgreSQL")
            }
            let admin = try DatabaseLocation(url: adminURL)
            guard case let .postgres(host, port, username, password, _, tls) = admin else {
                throw TestDatabaseError("\(postgresURLVariable) must be a postgres:// URL")
            }
            let name = "perin_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await adminQuery(admin, "CREATE DATABASE \(name)")
            let location = DatabaseLocation.postgres(host: host, port: port, username: username, password: password, database: name, tls: tls)
            return Handle(location: location) {
                try? await adminQuery(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    /// Runs one statement on the maintenance database (identifiers here are generated, not input).
    static func adminQuery(_ location: DatabaseLocation, _ sql: String) async throws {
        guard case let .postgres(host, port, username, password, database, _) = location else { return }
        let configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// A test set-up failure with a readable reason (missing PostgreSQL, a port, a server that never came up).
public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
