import Foundation
import Synchronization

/// Fixed-window counters per (bucket, subject), in memory.
///
/// Each process counts on its own: behind a load balancer with N instances a subject may make up
/// to N × limit requests per window. Memory is bounded: expired windows are swept when the table
/// grows past `capacity`.
public final class RateLimiter: Sendable {
    public struct Decision: Sendable, Equatable {
        public let allowed: Bool
        public let limit: Int
        public let remaining: Int
        /// Seconds until the window resets.
        public let resetSeconds: Int
    }

    private struct Window {
        var start: Int
        var count: Int
    }

    /// Keyed by (bucket, subject) as two strings: joining them would allocate per request.
    private struct Key: Hashable {
        let bucket: String
        let subject: String
    }

    private let windows = Mutex<[Key: Window]>([:])
    private let capacity: Int
    private let now: @Sendable () -> TimeInterval

    public init(capacity: Int = 100_000, now: @escaping @Sendable () -> TimeInterval = { Date().timeIntervalSince1970 }) {
        self.capacity = capacity
        self.now = now
    }

    public func check(_ policy: RateLimitPolicy, subject: String) -> Decision {
        let current = Int(now())
        let windowStart = current - current % policy.windowSeconds
        let key = Key(bucket: policy.bucket, subject: subject)
        return windows.withLock { windows in
            if windows.count >= capacity {
                windows = windows.filter { $0.value.start + policy.windowSeconds > current }
            }
            var window = windows[key] ?? Window(start: windowStart, count: 0)
            if window.start != windowStart { window = Window(start: windowStart, count: 0) }
            let allowed = window.count < policy.limit
            if allowed { window.count += 1 }
            windows[key] = window
            return Decision(
                allowed: allowed,
                limit: policy.limit,
                remaining: max(0, policy.limit - window.count),
                resetSeconds: windowStart + policy.windowSeconds - current
            )
        }
    }
}
