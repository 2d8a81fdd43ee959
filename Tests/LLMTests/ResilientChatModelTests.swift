import Testing
import LLM
import PerinTesting

@Suite struct ResilientChatModelTests {
    private func resilient(
        _ model: OpenAIChatModel,
        breaker: CircuitBreaker = CircuitBreaker(name: "openai"),
        attempts: Int = 3,
        sleeps: SleepRecorder
    ) -> ResilientChatModel {
        ResilientChatModel(base: model, breaker: breaker, policy: RetryPolicy(maxAttempts: attempts), sleep: sleeps.sleep)
    }

    @Test func rateLimitIsRetriedHonouringRetryAfter() async throws {
        try await withFakeServer { server, model in
            let sleeps = SleepRecorder()
            server.enqueue(.fault(.rateLimited(retryAfterSeconds: 1)), .text("after the wait"))
            let (deltas, error) = await drain(resilient(model, sleeps: sleeps).stream(userAsk))
            #expect(error == nil)
            #expect(text(of: deltas) == "after the wait")
            #expect(server.requests.count == 2)
            #expect(sleeps.sleeps.count == 1)
            #expect(sleeps.sleeps[0] >= .seconds(1))
        }
    }

    @Test func serverErrorIsRetriedAndSucceeds() async throws {
        try await withFakeServer { server, model in
            let sleeps = SleepRecorder()
            server.enqueue(.fault(.serverError), .fault(.serverError), .text("third time"))
            let completion = try await resilient(model, sleeps: sleeps).complete(userAsk)
            #expect(completion.text == "third time")
            #expect(server.requests.count == 3)
            #expect(sleeps.sleeps.count == 2)
        }
    }

    @Test func authenticationIsNotRetriedAndFallsBack() async throws {
        try await withFakeServer { server, model in
            let sleeps = SleepRecorder()
            server.enqueue(.fault(.unauthorized))
            let completion = try await resilient(model, sleeps: sleeps).complete(ChatRequest(messages: [.user("what's on my calendar today?")]))
            #expect(server.requests.count == 1)
            #expect(sleeps.sleeps.isEmpty)
            #expect(completion.model == "fallback")
            #expect(completion.text.hasPrefix(FallbackAnswer.unavailableNotice))
            #expect(completion.text.contains("calendar"))
        }
    }

    @Test func contextTooLargeIsNotRetriedAndIsThrown() async throws {
        try await withFakeServer { server, model in
            let sleeps = SleepRecorder()
            server.enqueue(.fault(.contextLengthExceeded))
            let (deltas, error) = await drain(resilient(model, sleeps: sleeps).stream(userAsk))
            #expect(deltas.isEmpty)
            #expect((error as? ServiceError)?.category == .contextTooLarge)
            #expect(server.requests.count == 1)
        }
    }

    @Test func streamIsNotRetriedAfterTextReachedTheUser() async throws {
        try await withFakeServer { server, model in
            let sleeps = SleepRecorder()
            server.enqueue(.fault(.cutWithoutDone(tokensBefore: 3)), .text("never asked for"))
            let (deltas, error) = await drain(resilient(model, sleeps: sleeps).stream(userAsk))
            #expect(text(of: deltas) == "t0 t1 t2 ")
            #expect((error as? ServiceError)?.category == .network)
            #expect(server.requests.count == 1)
        }
    }

    @Test func spentRetriesStreamTheFallback() async throws {
        try await withFakeServer { server, model in
            let sleeps = SleepRecorder()
            server.enqueue(.fault(.serverError), .fault(.serverError), .fault(.serverError))
            let request = ChatRequest(messages: [.user("Schedule a call with Bo on Friday")])
            let (deltas, error) = await drain(resilient(model, sleeps: sleeps).stream(request))
            #expect(error == nil)
            #expect(text(of: deltas) == FallbackAnswer.reply(to: request))
            #expect(deltas.last == .finish(.stop))
            #expect(server.requests.count == 3)
        }
    }

    @Test func circuitOpensAfterFiveFailuresThenProbesHalfOpen() async throws {
        try await withFakeServer { server, model in
            let clock = ManualClock()
            let registry = CircuitBreakerRegistry(coolDown: .seconds(300), clock: clock.breakerClock)
            let sleeps = SleepRecorder()
            let resilientModel = resilient(model, breaker: registry.breaker(named: "openai"), attempts: 1, sleeps: sleeps)
            for _ in 0..<5 { server.enqueue(.fault(.serverError)) }
            for _ in 0..<5 {
                #expect(try await resilientModel.complete(userAsk).model == "fallback")
            }
            #expect(server.requests.count == 5)
            #expect(registry.snapshot().first?.state == .open)
            #expect(registry.snapshot().first?.consecutiveFailures == 5)

            // Open: answered at once from the fallback, the server is not called.
            let whileOpen = await drain(resilientModel.stream(userAsk))
            #expect(text(of: whileOpen.deltas).hasPrefix(FallbackAnswer.unavailableNotice))
            #expect(server.requests.count == 5)

            // After the cool-down one probe goes through; its success closes the circuit.
            clock.advance(by: .seconds(300))
            server.enqueue(.text("back again"))
            let probe = try await resilientModel.complete(userAsk)
            #expect(probe.text == "back again")
            #expect(server.requests.count == 6)
            #expect(registry.snapshot().first?.state == .closed)
        }
    }

    @Test func idleTimeoutBeforeAnyTextIsRetried() async throws {
        let timeouts = OpenAIConfiguration.Timeouts(connect: .seconds(2), firstByte: .milliseconds(300), idle: .seconds(5), total: .seconds(20))
        try await withFakeServer(timeouts: timeouts) { server, model in
            let sleeps = SleepRecorder()
            server.enqueue(.fault(.slowFirstByte(.seconds(2))), .text("quick now"))
            let (deltas, error) = await drain(resilient(model, sleeps: sleeps).stream(userAsk))
            #expect(error == nil)
            #expect(text(of: deltas) == "quick now")
            #expect(server.requests.count == 2)
        }
    }
}
