import Synchronization

/// Enforces the first-byte, idle-gap and total deadlines of one HTTP call. The I/O side calls
/// `touch()` on every read; `run()` sleeps until the nearest deadline and throws a timeout
/// if no progress was made by then. One wake-up per idle period, not one timer per read.
final class RequestWatchdog: Sendable {
    private struct State {
        var lastActivity: ContinuousClock.Instant?
    }

    private let state = Mutex(State())
    private let start: ContinuousClock.Instant
    private let firstByte: Duration
    private let idle: Duration
    private let total: Duration
    private let service: String

    init(timeouts: OpenAIConfiguration.Timeouts, service: String) {
        self.start = .now
        self.firstByte = timeouts.firstByte
        self.idle = timeouts.idle
        self.total = timeouts.total
        self.service = service
    }

    /// Records that bytes arrived.
    func touch() {
        let now = ContinuousClock.now
        state.withLock { $0.lastActivity = now }
    }

    /// Returns only by throwing: a timeout, or `CancellationError` once the call is done.
    func run() async throws -> Never {
        while true {
            let lastActivity = state.withLock { $0.lastActivity }
            let totalDeadline = start + total
            let (progressDeadline, what) = lastActivity.map { ($0 + idle, "idle gap") }
                ?? (start + firstByte, "first byte")
            let (deadline, reason) = progressDeadline < totalDeadline
                ? (progressDeadline, what) : (totalDeadline, "total")
            if ContinuousClock.now >= deadline {
                let limit = reason == "total" ? total : (reason == "idle gap" ? idle : firstByte)
                throw ServiceError(.timeout, "\(reason) timeout after \(limit)", service: service)
            }
            // Bytes may arrive while asleep and start the (shorter) idle deadline, so never
            // sleep past one idle period.
            try await Task.sleep(until: min(deadline, .now + idle), clock: .continuous)
        }
    }

    /// Runs `body` under this watchdog; whichever ends first wins, the other is cancelled.
    static func guarding<T: Sendable>(
        timeouts: OpenAIConfiguration.Timeouts,
        service: String,
        _ body: @escaping @Sendable (RequestWatchdog) async throws -> T
    ) async throws -> T {
        let watchdog = RequestWatchdog(timeouts: timeouts, service: service)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await watchdog.run() }
            group.addTask { try await body(watchdog) }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw CancellationError()
        }
    }
}
