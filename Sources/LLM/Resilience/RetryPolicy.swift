/// How many times to try an outside call and how long to wait between tries: exponential
/// backoff with full jitter (a random wait in 0…min(cap, base·2ⁿ)), so many clients failing
/// together do not retry together. A rate limit's `Retry-After` is honoured as a floor.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first included; 1 means never retry.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited for: the error is returned at once.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(250),
        maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(30)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let `default` = RetryPolicy()
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The wait before try `attempt + 1` after `error` ended try `attempt` (1-based), or
    /// `nil` when the call must not be retried.
    public func delay(
        afterAttempt attempt: Int,
        error: ServiceError,
        using generator: inout some RandomNumberGenerator
    ) -> Duration? {
        guard attempt < maxAttempts, error.isRetryable else { return nil }
        let exponent = min(attempt - 1, 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        let ceilingNanos = max(ceiling.nanoseconds, 0)
        let jittered = Duration.nanoseconds(Int64.random(in: 0...ceilingNanos, using: &generator))
        if let retryAfter = error.retryAfter {
            guard retryAfter <= maxRetryAfter else { return nil }
            return max(retryAfter, jittered)
        }
        return jittered
    }
}
