import AgentGraph
import PostgresNIO

/// One writer per graph thread across every Perin process sharing a PostgreSQL: a session
/// advisory lock held on a dedicated connection for the whole run. On SQLite (one process)
/// the in-process lock the graph always takes is enough, so this passes straight through.
public struct DatabaseThreadLock: ThreadLock {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public func withLock<Result: Sendable>(
        thread: String, _ body: () async throws -> Result
    ) async throws -> Result {
        guard database.kind == .postgresql else { return try await body() }
        let key = Self.lockKey(thread)
        let result = try await database.withPostgresConnection { connection -> Result in
            try await connection.query("SELECT pg_advisory_lock(\(key))", logger: database.logger)
            do {
                let result = try await body()
                try await connection.query("SELECT pg_advisory_unlock(\(key))", logger: database.logger)
                return result
            } catch {
                // Unlock even when the run failed or was cancelled: the connection goes back
                // to the pool and must not keep the lock.
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(key))", logger: database.logger)
                throw error
            }
        }
        guard let result else { return try await body() }
        return result
    }

    /// A stable 64-bit key per thread (FNV-1a), namespaced so it cannot collide with the
    /// migration lock.
    static func lockKey(_ thread: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "agentgraph:\(thread)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
