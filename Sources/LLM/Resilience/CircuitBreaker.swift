import Synchronization
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Stops calling an endpoint that keeps failing. Closed: calls go through and consecutive
/// endpoint failures are counted. After `failureThreshold` of them it opens: calls fail at
/// once with `.circuitOpen`. After `coolDown` it lets one probe through (half-open): success
/// closes it, failure opens it for another cool-down.
public final class CircuitBreaker: Sendable {
    public enum State: String, Sendable, Hashable, Codable {
        case closed, open, halfOpen
    }

    /// What `/api/health` shows.
    public struct Snapshot: Sendable, Hashable, Codable {
        public var name: String
        public var state: State
        public var consecutiveFailures: Int
        public var openedAt: Date?
    }

    /// A permission to make one call; report how it went exactly once.
    public struct Permit: Sendable {
        fileprivate let isProbe: Bool
    }

    private struct Machine {
        var state: State = .closed
        var failures = 0
        var openedAt: ContinuousClock.Instant?
        var openedAtWall: Date?
        var probeInFlight = false
    }

    public let name: String
    public let failureThreshold: Int
    public let coolDown: Duration
    private let clock: BreakerClock
    private let machine = Mutex(Machine())

    public init(
        name: String,
        failureThreshold: Int = 5,
        coolDown: Duration = .seconds(300),
        clock: BreakerClock = .system
    ) {
        self.name = name
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = coolDown
        self.clock = clock
    }

    /// Asks to make a call; throws `ServiceError(.circuitOpen)` when the breaker refuses.
    public func acquire() throws -> Permit {
        let now = clock.now()
        let permit: Permit? = machine.withLock { machine in
            switch machine.state {
            case .closed:
                return Permit(isProbe: false)
            case .open:
                guard let openedAt = machine.openedAt, now - openedAt >= coolDown else { return nil }
                machine.state = .halfOpen
                machine.probeInFlight = true
                return Permit(isProbe: true)
            case .halfOpen:
                // One probe at a time; everyone else keeps getting the fast failure.
                guard !machine.probeInFlight else { return nil }
                machine.probeInFlight = true
                return Permit(isProbe: true)
            }
        }
        guard let permit else {
            throw ServiceError(.circuitOpen, "circuit open after repeated failures", service: name)
        }
        return permit
    }

    public func recordSuccess(_ permit: Permit) {
        machine.withLock { machine in
            machine = Machine()
        }
    }

    /// Records how a call ended; only endpoint failures count (see `ServiceError.Category`).
    public func recordFailure(_ permit: Permit, error: any Error) {
        let counts = (error as? ServiceError)?.category.countsAsEndpointFailure ?? false
        let now = clock.now()
        let wallNow = clock.wallNow()
        machine.withLock { machine in
            if permit.isProbe { machine.probeInFlight = false }
            guard counts else {
                // A caller mistake says nothing about the endpoint; a probe that ended so
                // leaves the breaker half-open for the next caller to probe.
                return
            }
            machine.failures += 1
            if permit.isProbe || machine.failures >= failureThreshold {
                machine.state = .open
                machine.openedAt = now
                machine.openedAtWall = wallNow
            }
        }
    }

    /// Runs `operation` through the breaker.
    public func run<T>(_ operation: () async throws -> T) async throws -> T {
        let permit = try acquire()
        do {
            let value = try await operation()
            recordSuccess(permit)
            return value
        } catch {
            recordFailure(permit, error: error)
            throw error
        }
    }

    public var state: State { snapshot.state }

    public var snapshot: Snapshot {
        machine.withLock { machine in
            Snapshot(name: name, state: machine.state, consecutiveFailures: machine.failures, openedAt: machine.openedAtWall)
        }
    }
}

/// Time as the breaker sees it; tests pass a manual one to skip the cool-down.
public struct BreakerClock: Sendable {
    public var now: @Sendable () -> ContinuousClock.Instant
    public var wallNow: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant, wallNow: @escaping @Sendable () -> Date) {
        self.now = now
        self.wallNow = wallNow
    }

    public static let system = BreakerClock(now: { ContinuousClock.now }, wallNow: { Date() })
}
