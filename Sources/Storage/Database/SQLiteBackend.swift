import Logging
import NIOPosix
import SQLiteNIO
import Synchronization

/// One SQLite connection behind an async lock: SQLite allows one writer at a time anyway, and a
/// single serialized path makes check-then-insert inside a transaction race-free by construction.
final class SQLiteBackend: Sendable {
    private let connection: SQLiteConnection
    /// One permit: transactions must not interleave on the one connection.
    private let lock = AsyncLimiter(permits: 1)
    private let closed = Mutex(false)

    init(storage: SQLiteConnection.Storage, logger: Logger) async throws {
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        self.connection = connection
        // WAL: readers never block the writer and a crash loses nothing committed.
        // synchronous=NORMAL is durable across process crashes (power loss may lose the last
        // commit), which is the trade-off SQLite recommends for WAL.
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
            _ = try await connection.query(pragma)
        }
    }

    func withConnection<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await lock.withPermit {
            guard !closed.withLock({ $0 }) else { throw DatabaseError(.closed, "the database is closed") }
            return try await body(connection)
        }
    }

    func close() async throws {
        let wasClosed = closed.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        if !wasClosed {
            // The future-based close: the async one refuses to run in a cancelled task, and
            // closing is exactly what a cancelled (shutting down) task must still do.
            try await lock.withPermit { try await connection.close().get() }
        }
    }
}
