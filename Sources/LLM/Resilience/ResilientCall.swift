/// Retry plus circuit breaker around any async throwing call: what every outside call uses
/// (the model client, Google APIs). Errors other than `ServiceError` are not retried and do
/// not trip the breaker unless `classify` maps them.
public struct ResilientCall: Sendable {
    public var breaker: CircuitBreaker?
    public var policy: RetryPolicy
    /// Waits between tries; tests inject one that records and returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void
    public var classify: @Sendable (any Error) -> ServiceError?

    public init(
        breaker: CircuitBreaker?,
        policy: RetryPolicy = .default,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        classify: @escaping @Sendable (any Error) -> ServiceError? = { $0 as? ServiceError }
    ) {
        self.breaker = breaker
        self.policy = policy
        self.sleep = sleep
        self.classify = classify
    }

    /// Runs `operation` (given the 1-based attempt number) until it succeeds, fails with an
    /// error not worth retrying, the attempts run out, or the breaker opens.
    public func run<T>(_ operation: (Int) async throws -> T) async throws -> T {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            do {
                if let breaker {
                    return try await breaker.run { try await operation(attempt) }
                }
                return try await operation(attempt)
            } catch {
                if error is CancellationError { throw error }
                guard let classified = classify(error),
                      let delay = policy.delay(afterAttempt: attempt, error: classified, using: &generator)
                else { throw error }
                try await sleep(delay)
                attempt += 1
            }
        }
    }
}
