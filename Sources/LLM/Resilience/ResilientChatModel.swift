public import Logging

/// Wraps any `ChatModel` with retries, a circuit breaker and the fallback answer.
///
/// `complete` retries retryable failures. `stream` retries only while nothing has been
/// yielded: once text or a tool-call fragment reached the caller a retry would repeat it, so
/// a later failure is thrown as is. When retries are spent or the circuit is open, the
/// fallback answer is returned (or streamed) instead of an error. Context-too-large and
/// cancellation are always thrown: the caller can trim history and try again.
public struct ResilientChatModel: ChatModel {
    public let base: any ChatModel
    public let breaker: CircuitBreaker
    public var policy: RetryPolicy
    public var useFallback: Bool
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger

    public init(
        base: any ChatModel,
        breaker: CircuitBreaker,
        policy: RetryPolicy = .default,
        useFallback: Bool = true,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "perin.llm.resilient")
    ) {
        self.base = base
        self.breaker = breaker
        self.policy = policy
        self.useFallback = useFallback
        self.sleep = sleep
        self.logger = logger
    }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let call = ResilientCall(breaker: breaker, policy: policy, sleep: sleep)
        do {
            return try await call.run { _ in try await base.complete(request) }
        } catch {
            guard shouldFallBack(after: error) else { throw error }
            logger.warning("model unavailable, answering with fallback", metadata: ["error": "\(error)"])
            return FallbackAnswer.completion(for: request)
        }
    }

    public func stream(_ request: ChatRequest) -> ChatStream {
        let (stream, continuation) = ChatStream.makeStream()
        let task = Task {
            do {
                try await runStream(request, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func runStream(_ request: ChatRequest, continuation: ChatStream.Continuation) async throws {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            var yielded = false
            do {
                let permit = try breaker.acquire()
                do {
                    for try await delta in base.stream(request) {
                        yielded = true
                        continuation.yield(delta)
                    }
                    // A cancelled stream ends quietly; it must not count as the endpoint's success.
                    if Task.isCancelled { throw CancellationError() }
                    breaker.recordSuccess(permit)
                    return
                } catch {
                    breaker.recordFailure(permit, error: error)
                    throw error
                }
            } catch {
                // Never retry once something reached the caller, and never fall back then:
                // a half answer followed by an apology would read as one confused answer.
                if yielded || error is CancellationError { throw error }
                if let serviceError = error as? ServiceError,
                   let delay = policy.delay(afterAttempt: attempt, error: serviceError, using: &generator) {
                    try await sleep(delay)
                    attempt += 1
                    continue
                }
                guard shouldFallBack(after: error) else { throw error }
                logger.warning("model unavailable, streaming fallback", metadata: ["error": "\(error)"])
                let completion = FallbackAnswer.completion(for: request)
                continuation.yield(.text(completion.text))
                continuation.yield(.finish(.stop))
                return
            }
        }
    }

    private func shouldFallBack(after error: any Error) -> Bool {
        guard useFallback, let serviceError = error as? ServiceError else { return false }
        return serviceError.category != .contextTooLarge && serviceError.category != .invalidRequest
    }
}
