import Synchronization

/// One circuit breaker per endpoint name, made on first use, so the model client and every
/// integration share the same view; `snapshot()` is what `/api/health` reports.
public final class CircuitBreakerRegistry: Sendable {
    private let breakers = Mutex<[String: CircuitBreaker]>([:])
    private let failureThreshold: Int
    private let coolDown: Duration
    private let clock: BreakerClock

    public init(failureThreshold: Int = 5, coolDown: Duration = .seconds(300), clock: BreakerClock = .system) {
        self.failureThreshold = failureThreshold
        self.coolDown = coolDown
        self.clock = clock
    }

    /// The breaker for `name`, created with the registry's settings if new.
    public func breaker(named name: String) -> CircuitBreaker {
        breakers.withLock { breakers in
            if let existing = breakers[name] { return existing }
            let breaker = CircuitBreaker(name: name, failureThreshold: failureThreshold, coolDown: coolDown, clock: clock)
            breakers[name] = breaker
            return breaker
        }
    }

    /// Every breaker's state, sorted by name.
    public func snapshot() -> [CircuitBreaker.Snapshot] {
        let all = breakers.withLock { Array($0.values) }
        return all.map(\.snapshot).sorted { $0.name < $1.name }
    }
}
