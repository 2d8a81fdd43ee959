import Synchronization
import Testing
import Foundation
@testable import LLM

/// A breaker clock the test moves by hand.
final class ManualClock: Sendable {
    private let offset = Mutex(Duration.zero)
    private let base = ContinuousClock.now
    func advance(by duration: Duration) { offset.withLock { $0 += duration } }
    var breakerClock: BreakerClock {
        BreakerClock(now: { self.base + self.offset.withLock { $0 } }, wallNow: { Date(timeIntervalSince1970: 1_700_000_000) })
    }
}

@Suite struct ResilienceTests {
    @Test func backoffIsFullJitterWithinExponentialCeiling() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(100), maxDelay: .milliseconds(500))
        var generator = SystemRandomNumberGenerator()
        let error = ServiceError(.server, "boom")
        for _ in 0..<200 {
            #expect(policy.delay(afterAttempt: 1, error: error, using: &generator)! <= .milliseconds(100))
            #expect(policy.delay(afterAttempt: 3, error: error, using: &generator)! <= .milliseconds(400))
            #expect(policy.delay(afterAttempt: 5, error: error, using: &generator)! <= .milliseconds(500))
        }
        #expect(policy.delay(afterAttempt: 6, error: error, using: &generator) == nil)
    }

    @Test func retryAfterIsAFloorAndCapped() {
        let policy = RetryPolicy(maxAttempts: 3, maxRetryAfter: .seconds(10))
        var generator = SystemRandomNumberGenerator()
        let limited = ServiceError(.rateLimited, "slow down", statusCode: 429, retryAfter: .seconds(2))
        #expect(policy.delay(afterAttempt: 1, error: limited, using: &generator)! >= .seconds(2))
        let tooLong = ServiceError(.rateLimited, "slow down", statusCode: 429, retryAfter: .seconds(60))
        #expect(policy.delay(afterAttempt: 1, error: tooLong, using: &generator) == nil)
    }

    @Test(arguments: [ServiceError.Category.authentication, .contextTooLarge, .invalidRequest, .circuitOpen])
    func nonRetryableCategories(category: ServiceError.Category) {
        var generator = SystemRandomNumberGenerator()
        #expect(RetryPolicy.default.delay(afterAttempt: 1, error: ServiceError(category, "x"), using: &generator) == nil)
    }

    @Test func classifierReadsStatusCodeAndRetryAfter() {
        let limited = HTTPErrorClassifier.classify(status: 429, retryAfterHeader: "3", errorCode: nil, serviceMessage: nil, service: "s")
        #expect(limited.category == .rateLimited)
        #expect(limited.retryAfter == .seconds(3))
        let now = Date(timeIntervalSince1970: 1_445_412_470)  // 2015-10-21 07:27:50 GMT
        #expect(HTTPErrorClassifier.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(10))
        #expect(HTTPErrorClassifier.classify(status: 400, retryAfterHeader: nil, errorCode: "context_length_exceeded", serviceMessage: nil, service: nil).category == .contextTooLarge)
        #expect(HTTPErrorClassifier.classify(status: 400, retryAfterHeader: nil, errorCode: nil, serviceMessage: "the request exceeds the available context size", service: nil).category == .invalidRequest)
        #expect(HTTPErrorClassifier.classify(status: 400, retryAfterHeader: nil, errorCode: nil, serviceMessage: "prompt exceeds the context window", service: nil).category == .contextTooLarge)
        #expect(HTTPErrorClassifier.classify(status: 403, retryAfterHeader: nil, errorCode: nil, serviceMessage: nil, service: nil).category == .authentication)
        #expect(HTTPErrorClassifier.classify(status: 503, retryAfterHeader: nil, errorCode: nil, serviceMessage: nil, service: nil).category == .server)
    }

    @Test func breakerOpensAfterFiveFailuresThenProbesAndCloses() throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(name: "api", coolDown: .seconds(300), clock: clock.breakerClock)
        for _ in 0..<4 {
            breaker.recordFailure(try breaker.acquire(), error: ServiceError(.server, "x"))
        }
        #expect(breaker.state == .closed)
        breaker.recordFailure(try breaker.acquire(), error: ServiceError(.timeout, "x"))
        #expect(breaker.snapshot == .init(name: "api", state: .open, consecutiveFailures: 5, openedAt: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(throws: ServiceError.self) { try breaker.acquire() }
        clock.advance(by: .seconds(299))
        #expect(throws: ServiceError.self) { try breaker.acquire() }
        clock.advance(by: .seconds(1))
        let probe = try breaker.acquire()
        #expect(breaker.state == .halfOpen)
        // Only one probe at a time.
        #expect(throws: ServiceError.self) { try breaker.acquire() }
        breaker.recordSuccess(probe)
        #expect(breaker.snapshot.state == .closed)
        #expect(breaker.snapshot.consecutiveFailures == 0)
    }

    @Test func failedProbeReopensForAnotherCoolDown() throws {
        let clock = ManualClock()
        let breaker = CircuitBreaker(name: "api", failureThreshold: 1, coolDown: .seconds(10), clock: clock.breakerClock)
        breaker.recordFailure(try breaker.acquire(), error: ServiceError(.network, "x"))
        clock.advance(by: .seconds(10))
        breaker.recordFailure(try breaker.acquire(), error: ServiceError(.network, "x"))
        #expect(breaker.state == .open)
        clock.advance(by: .seconds(9))
        #expect(throws: ServiceError.self) { try breaker.acquire() }
    }

    @Test func callerMistakesDoNotTripTheBreaker() throws {
        let breaker = CircuitBreaker(name: "api", failureThreshold: 2)
        for _ in 0..<5 {
            breaker.recordFailure(try breaker.acquire(), error: ServiceError(.contextTooLarge, "x"))
            breaker.recordFailure(try breaker.acquire(), error: CancellationError())
        }
        #expect(breaker.state == .closed)
    }

    @Test func registryMakesOneBreakerPerNameAndSnapshotsSorted() throws {
        let registry = CircuitBreakerRegistry(failureThreshold: 1)
        #expect(registry.breaker(named: "openai") === registry.breaker(named: "openai"))
        _ = registry.breaker(named: "google-calendar")
        let breaker = registry.breaker(named: "openai")
        breaker.recordFailure(try breaker.acquire(), error: ServiceError(.server, "x"))
        #expect(registry.snapshot().map(\.name) == ["google-calendar", "openai"])
        #expect(registry.snapshot().map(\.state) == [.closed, .open])
    }

    @Test func resilientCallRetriesAnyOperation() async throws {
        let attempts = Mutex(0)
        let sleeps = Mutex<[Duration]>([])
        let call = ResilientCall(breaker: nil, policy: RetryPolicy(maxAttempts: 4), sleep: { delay in sleeps.withLock { $0.append(delay) } })
        let value = try await call.run { attempt in
            attempts.withLock { $0 = attempt }
            if attempt < 3 { throw ServiceError(.network, "reset") }
            return "ok"
        }
        #expect(value == "ok")
        #expect(attempts.withLock { $0 } == 3)
        #expect(sleeps.withLock { $0.count } == 2)
    }

    @Test func fallbackIsHonestAndKeywordBased() {
        let schedule = FallbackAnswer.reply(toUserText: "Schedule a meeting with Ana tomorrow at 3")
        #expect(schedule.hasPrefix(FallbackAnswer.unavailableNotice))
        #expect(schedule.contains("nothing on your calendar was modified"))
        #expect(FallbackAnswer.reply(toUserText: "any new email from Bob?").contains("email"))
        #expect(FallbackAnswer.reply(toUserText: "hello") == FallbackAnswer.unavailableNotice + " " + FallbackAnswer.generic)
    }
}

@Suite struct ChatModelFactoryTests {
    @Test func choosesOfflineWithoutConfigurationAndResilientClientWithIt() {
        let registry = CircuitBreakerRegistry()
        let offline = ResilientChatModel(base: FixedModel(), breaker: CircuitBreaker(name: "offline-marker"))
        let chosenOffline = ChatModelFactory.make(environment: [:], breakers: registry) { offline }
        #expect((chosenOffline as? ResilientChatModel)?.breaker.name == "offline-marker")
        let remote = ChatModelFactory.make(environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"], breakers: registry) { offline }
        let resilient = remote as? ResilientChatModel
        #expect(resilient?.breaker === registry.breaker(named: "openai"))
        #expect((resilient?.base as? OpenAIChatModel)?.configuration.completionsURL == "http://127.0.0.1:9/v1/chat/completions")
    }
}

/// A model that always answers "fixed".
struct FixedModel: ChatModel {
    func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        try await completeByStreaming(request)
    }

    func stream(_ request: ChatRequest) -> ChatStream {
        AsyncThrowingStream { continuation in
            continuation.yield(.text("fixed"))
            continuation.yield(.finish(.stop))
            continuation.finish()
        }
    }
}
