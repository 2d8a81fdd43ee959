import Assistant
import AsyncHTTPClient
import Foundation
import LLM
import NIOCore
import PerinTesting
import Storage
import Testing

/// End to end over real HTTP with the fake OpenAI server: streamed tool-call fragments,
/// faults and the circuit breaker, bad arguments, empty answers, disconnects.
@Suite("Chat with an OpenAI-compatible model", .serialized)
struct FakeOpenAIChatTests {
    static func model(_ fake: FakeOpenAIServer, breakers: CircuitBreakerRegistry) -> any ChatModel {
        let client = OpenAIChatModel(configuration: OpenAIConfiguration(baseURL: fake.baseURL, apiKey: "sk-test", model: "gpt-test"), httpClient: .shared)
        return ResilientChatModel(base: client, breaker: breakers.breaker(named: "openai"), policy: .never)
    }

    static func withFake<T: Sendable>(_ body: (FakeOpenAIServer) async throws -> T) async throws -> T {
        let fake = try await FakeOpenAIServer.start()
        do {
            let value = try await body(fake)
            await fake.stop()
            return value
        } catch {
            await fake.stop()
            throw error
        }
    }

    static func body(_ request: FakeOpenAIServer.RecordedRequest) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
    }

    @Test("fragmented tool call → event in the calendar → streamed confirmation", arguments: TestDatabases.kinds)
    func scheduleWithToolFragments(kind: DatabaseKind) async throws {
        try await Self.withFake { fake in
            let breakers = CircuitBreakerRegistry()
            try await ChatHarness.withServer(kind, model: Self.model(fake, breakers: breakers), breakers: breakers) { harness in
                let (user, token) = try await harness.makeUser("fake@example.com")
                let start = TestClock.tomorrow(hour: 10)
                let iso = ISO8601DateFormatter()
                iso.timeZone = TimeZone(identifier: "Europe/Berlin")
                let startText = iso.string(from: start)
                fake.enqueue(
                    .toolCalls([FakeToolCall(id: "call_1", name: "calendar_create_solo_event",
                                             arguments: #"{"title":"Meeting with Dana","start":"\#(startText)","durationMins":30}"#)],
                               style: .fragmented(pieces: 5)),
                    .text("Booked Meeting with Dana for tomorrow at 10:00 (Europe/Berlin)."))
                let response = try await harness.chat("Schedule 30 minutes with Dana tomorrow at 10", token: token)
                #expect(response.status == .ok)
                let stored = try await harness.calendar.events(userID: user.id, from: start, to: start.addingTimeInterval(60))
                #expect(stored.map(\.title) == ["Meeting with Dana"])
                #expect(stored.first?.end == start.addingTimeInterval(1800))
                #expect(response.replyText == "Booked Meeting with Dana for tomorrow at 10:00 (Europe/Berlin).")
                #expect(response.text.contains("[[PERIN_PROGRESS:Running calendar_create_solo_event]]"))

                let requests = fake.requests
                #expect(requests.count == 2)
                let first = Self.body(requests[0])
                let tools = (first["tools"] as? [[String: Any]])?.compactMap { ($0["function"] as? [String: Any])?["name"] as? String } ?? []
                #expect(tools.contains("calendar_create_solo_event"))
                #expect(!tools.contains("delegation_schedule_meeting"))
                let system = ((first["messages"] as? [[String: Any]])?.first?["content"] as? String) ?? ""
                #expect(system.contains("Current time: "))
                #expect(system.contains("(Europe/Berlin)"))
                let second = (Self.body(requests[1])["messages"] as? [[String: Any]]) ?? []
                let toolMessage = second.first { $0["role"] as? String == "tool" }
                #expect(toolMessage?["tool_call_id"] as? String == "call_1")
                #expect((toolMessage?["content"] as? String)?.contains("\"title\":\"Meeting with Dana\"") == true)
            }
        }
    }

    @Test("model down → fallback answers; the circuit opens after 5; /api/health shows it")
    func modelDown() async throws {
        try await Self.withFake { fake in
            let breakers = CircuitBreakerRegistry(failureThreshold: 5, coolDown: .seconds(300))
            try await ChatHarness.withServer(.sqlite, model: Self.model(fake, breakers: breakers), breakers: breakers) { harness in
                let (_, token) = try await harness.makeUser("down@example.com")
                for _ in 0..<7 { fake.enqueue(.fault(.serverError)) }
                for attempt in 1...6 {
                    let response = try await harness.chat("What's on my calendar tomorrow?", token: token)
                    #expect(response.status == .ok)
                    #expect(response.replyText.hasPrefix(FallbackAnswer.unavailableNotice), "attempt \(attempt)")
                }
                #expect(fake.requests.count == 5)  // the sixth never left: the circuit was open
                let health = try await harness.client.execute(uri: "/api/health", method: .get, headers: [:], body: nil)
                let components = health.json["components"] as? [String: String]
                #expect(components?["circuit:openai"] == "open")
            }
        }
    }

    @Test("invalid tool arguments twice → a sensible reply, no crash, no event")
    func invalidArguments() async throws {
        try await Self.withFake { fake in
            let breakers = CircuitBreakerRegistry()
            try await ChatHarness.withServer(.sqlite, model: Self.model(fake, breakers: breakers), breakers: breakers) { harness in
                let (_, token) = try await harness.makeUser("bad@example.com")
                let bad = FakeToolCall(id: "c1", name: "calendar_create_solo_event", arguments: #"{"title":"X","start":"tomorrow at ten","durationMins":5000}"#)
                let broken = FakeToolCall(id: "c2", name: "calendar_create_solo_event", arguments: #"{"title": "X", "start": "#)
                fake.enqueue(.toolCalls([bad]), .toolCalls([broken]), .text(tokens: []))
                let response = try await harness.chat("Schedule something tomorrow at 10", token: token, sse: true)
                let results = response.events.filter { $0.0 == "tool_result" }.map(\.1)
                #expect(results.count == 2)
                #expect((results[0]["content"] as? String)?.contains("start: not an ISO 8601 date-time") == true)
                #expect((results[0]["content"] as? String)?.contains("durationMins: must be at most 720") == true)
                #expect((results[1]["content"] as? String)?.contains("not valid JSON") == true)
                let reply = response.events.filter { $0.0 == "token" }.compactMap { $0.1["text"] as? String }.joined()
                #expect(reply.contains("didn't get an answer together"))
                #expect(response.events.last?.0 == "done")
                #expect(harness.calendar.creations == 0)
            }
        }
    }

    @Test("a failing and a hanging integration degrade the answer and say so")
    func degradedIntegration() async throws {
        let sources: [any ContextSource] = [BrokenSource(), BrokenSource(type: "slow-feed", displayName: "your feed", hang: true)]
        try await ChatHarness.withServer(.sqlite, sources: sources) { harness in
            let (user, token) = try await harness.makeUser("degrade@example.com")
            let friday = TestClock.nextFriday(hour: 9)
            harness.calendar.add(userID: user.id, CalendarItem(id: "e1", title: "Design review", start: friday, end: friday.addingTimeInterval(3600)))
            let started = ContinuousClock.now
            let response = try await harness.chat("What's on my calendar Friday?", token: token)
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(response.status == .ok)
            #expect(response.text.contains("[[PERIN_ACTION:degraded:flaky-mail]]"))
            #expect(response.text.contains("[[PERIN_ACTION:degraded:slow-feed]]"))
            #expect(response.replyText.contains("Design review"))
            #expect(response.replyText.contains("Note: I couldn't reach your mail (could not be loaded), your feed (timed out)"))
        }
    }
}
