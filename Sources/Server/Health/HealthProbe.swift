import Foundation
import Storage
import Synchronization

/// Answers "is the database reachable?", probing at most once per `maxAge` so that a health
/// check hammered by a load balancer does not become database load.
public final class HealthProbe: Sendable {
    let database: PerinDatabase
    let maxAge: Duration
    private let last = Mutex<(at: ContinuousClock.Instant, reachable: Bool)?>(nil)
    /// One probe at a time: callers arriving while one runs reuse the previous answer.
    private let probing = Mutex(false)

    public init(database: PerinDatabase, maxAge: Duration = .seconds(1)) {
        self.database = database
        self.maxAge = maxAge
    }

    public func databaseReachable() async -> Bool {
        let now = ContinuousClock.now
        let cached = last.withLock { $0 }
        if let cached, now - cached.at < maxAge {
            return cached.reachable
        }
        let leader = probing.withLock { running -> Bool in
            defer { running = true }
            return !running
        }
        if !leader, let cached { return cached.reachable }
        defer { if leader { probing.withLock { $0 = false } } }
        let reachable: Bool
        do {
            try await withTimeout(.seconds(2)) { try await self.database.ping() }
            reachable = true
        } catch {
            reachable = false
        }
        last.withLock { $0 = (now, reachable) }
        return reachable
    }
}

/// Runs `operation`, throwing `CancellationError` when it takes longer than `timeout`.
func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw CancellationError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
