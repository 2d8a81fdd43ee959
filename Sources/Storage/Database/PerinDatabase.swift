import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// The one entry point to storage: a SQLite file (embedded default) or a PostgreSQL pool.
///
/// Code above this type only sees `any SQLDatabase` (SQLKit), so each repository is written once
/// for both dialects. Run it as a `Service` (it owns the PostgreSQL pool and closes SQLite on
/// graceful shutdown).
public final class PerinDatabase: Service, Sendable {
    public let kind: DatabaseKind
    public let logger: Logger
    private let backend: Backend
    /// The statements run as prepared statements on PostgreSQL (see `PreparingPostgresSQLDatabase`).
    private let statements = PreparedStatementRegistry()

    private enum Backend: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresClient)
    }

    /// Opens the database; for PostgreSQL the pool only connects once `run()` is running.
    public init(location: DatabaseLocation, logger: Logger) async throws {
        self.kind = location.kind
        self.logger = logger
        switch location {
        case .sqliteFile(let path):
            self.backend = .sqlite(try await SQLiteBackend(storage: .file(path: path), logger: logger))
        case .sqliteMemory:
            self.backend = .sqlite(try await SQLiteBackend(storage: .memory, logger: logger))
        case let .postgres(host, port, username, password, database, tls):
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: tls ? .require(.makeClientConfiguration()) : .disable
            )
            configuration.options.maximumConnections = 40
            configuration.options.connectTimeout = .seconds(5)
            self.backend = .postgres(PostgresClient(configuration: configuration, backgroundLogger: logger))
        }
    }

    /// Runs `body` with a connection. On SQLite the single connection is held exclusively.
    public func withConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite):
            return try await sqlite.withConnection { try await body($0.sql(queryLogLevel: nil)) }
        case .postgres(let client):
            return try await client.withConnection { try await body(PreparingPostgresSQLDatabase(connection: $0, statements: statements)) }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func withTransaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite):
            return try await sqlite.withConnection { connection in
                let sql = connection.sql(queryLogLevel: nil)
                // IMMEDIATE takes the write lock up front, so a check-then-insert inside the
                // transaction cannot race another writer on the same file.
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        case .postgres(let client):
            return try await client.withConnection { connection in
                let sql = PreparingPostgresSQLDatabase(connection: connection, statements: statements)
                try await sql.raw("BEGIN").run()
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }

    /// A dedicated PostgreSQL connection (advisory locks, `LISTEN`); `nil` on SQLite.
    public func withPostgresConnection<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T? {
        guard case .postgres(let client) = backend else { return nil }
        return try await client.withConnection { try await body($0) }
    }

    /// A cheap round trip, for `/api/health`.
    public func ping() async throws {
        try await withConnection { db in
            _ = try await db.raw("SELECT 1 AS ok").first()
        }
    }

    public func run() async throws {
        switch backend {
        case .postgres(let client):
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                // PostgresClient.run returns when its task is cancelled; turn graceful shutdown
                // into that cancellation so the pool closes after the HTTP server has drained.
                try? await gracefulShutdown()
                group.cancelAll()
            }
        case .sqlite(let sqlite):
            try? await gracefulShutdown()
            try await sqlite.close()
        }
    }

    /// Closes the SQLite connection when the database was used without `run()` (CLI commands).
    public func close() async throws {
        if case .sqlite(let sqlite) = backend { try await sqlite.close() }
    }
}
