/// How the runtime runs one node: time limit, retries, and whether a failure fails the run.
public struct NodePolicy: Sendable {
    public var timeout: Duration?
    public var retry: RetryPolicy?
    /// An optional node degrades: its failure writes `StateKey.nodeFailures[node]` and the
    /// run goes on, instead of failing the run.
    public var degradeOnFailure: Bool

    public init(timeout: Duration? = nil, retry: RetryPolicy? = nil, degradeOnFailure: Bool = false) {
        self.timeout = timeout
        self.retry = retry
        self.degradeOnFailure = degradeOnFailure
    }

    public static let `default` = NodePolicy()

    /// No timeout, no retry, no degrade: the runtime's short path.
    var isPlain: Bool { timeout == nil && retry == nil && !degradeOnFailure }
}

/// Exponential backoff between attempts of a retryable node.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var multiplier: Double
    public var maxBackoff: Duration
    /// Which errors are worth another attempt; timeouts count as errors here.
    public var shouldRetry: @Sendable (any Error) -> Bool

    public init(
        maxAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(50),
        multiplier: Double = 2,
        maxBackoff: Duration = .seconds(5),
        shouldRetry: @escaping @Sendable (any Error) -> Bool = { _ in true }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.multiplier = multiplier
        self.maxBackoff = maxBackoff
        self.shouldRetry = shouldRetry
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1).
    func backoff(after attempt: Int) -> Duration {
        var pause = initialBackoff
        for _ in 1..<max(1, attempt) { pause = pause * multiplier }
        return min(pause, maxBackoff)
    }
}
