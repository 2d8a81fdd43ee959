import Assistant
import AsyncHTTPClient
import Foundation
import LLM
import NIOCore
import NIOHTTP1
import PerinTesting
import Storage
import Testing

/// Streaming behaviour over a real socket: first bytes at once, one turn per user (409),
/// other users in parallel, and a client that disconnects cancelling the model request.
@Suite("Chat streaming", .serialized)
struct StreamingTests {
    static func post(_ port: Int, token: String, text: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/ai/chat")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"messages":[{"role":"user","content":"\#(text)"}]}"#))
        return request
    }

    @Test("a second concurrent turn of one user gets 409; another user runs in parallel")
    func oneTurnPerUser() async throws {
        let model = SlowModel(count: 10, interval: .milliseconds(100))
        try await ChatHarness.withServer(.sqlite, model: model) { harness in
            let (_, token) = try await harness.makeUser("busy@example.com")
            let (_, otherToken) = try await harness.makeUser("free@example.com")
            let port = try #require(harness.client.port)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let first = try await client.execute(Self.post(port, token: token, text: "hello there"), timeout: .seconds(30))
                #expect(first.status == .ok)
                var body = first.body.makeAsyncIterator()
                let opening = try #require(try await body.next())
                #expect(String(buffer: opening).hasPrefix("[[PERIN_PROGRESS:Thinking]]"))

                let second = try await harness.chat("hello again", token: token)
                #expect(second.status == .conflict)
                #expect((second.json["error"] as? [String: Any])?["code"] as? String == "turn_in_progress")
                let other = try await harness.chat("hello", token: otherToken)
                #expect(other.status == .ok)
                #expect(other.replyText.contains("t9"))

                var rest = ""
                while let chunk = try await body.next() { rest += String(buffer: chunk) }
                #expect(rest.contains("t9 "))
                // The slot is free once the first turn has stored its reply.
                try await Task.sleep(for: .milliseconds(100))
                let third = try await harness.chat("and now?", token: token)
                #expect(third.status == .ok)
            } catch {
                try await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test("disconnect mid-stream cancels the upstream model request and stores the reply as partial")
    func disconnectCancelsUpstream() async throws {
        let fake = try await FakeOpenAIServer.start()
        let breakers = CircuitBreakerRegistry()
        let upstream = OpenAIChatModel(configuration: OpenAIConfiguration(baseURL: fake.baseURL, apiKey: "sk-test", model: "m"), httpClient: .shared)
        let probe = CancellationProbe(upstream)
        fake.enqueue(.text(tokens: (0..<100).map { "w\($0) " }, tokenDelay: .milliseconds(100)))
        do {
            try await ChatHarness.withServer(.sqlite, model: probe, breakers: breakers) { harness in
                let (user, token) = try await harness.makeUser("gone@example.com")
                let port = try #require(harness.client.port)
                let client = HTTPClient(eventLoopGroupProvider: .singleton)
                let closedAt: ContinuousClock.Instant
                do {
                    let response = try await client.execute(Self.post(port, token: token, text: "tell me a long story"), timeout: .seconds(30))
                    var received = ""
                    for try await chunk in response.body {
                        received += String(buffer: chunk)
                        if received.contains("w2 ") { break }
                    }
                    closedAt = .now
                } catch {
                    try await client.shutdown()
                    throw error
                }
                try await client.shutdown()  // closes the connection
                var waited = 0
                while probe.cancelled == 0, waited < 50 {
                    try await Task.sleep(for: .milliseconds(100))
                    waited += 1
                }
                #expect(probe.cancelled == 1)
                if let at = probe.cancelledAt { #expect(at - closedAt < .seconds(2)) }
                try await Task.sleep(for: .milliseconds(300))
                let conversations = try await ConversationRepository(database: harness.database).list(userID: user.id, limit: 5, offset: 0)
                let messages = try await ConversationRepository(database: harness.database)
                    .messages(conversationID: try #require(conversations.first?.id), userID: user.id, limit: 10, offset: 0)
                #expect(messages.map(\.role) == ["user", "assistant"])
                #expect(messages.last?.partial == true)
                #expect(messages.last?.content.hasPrefix("w0 w1 w2") == true)
                #expect((messages.last?.content.count ?? 999) < 200)
                // The user's slot was released.
                let next = try await harness.chat("hi", token: token)
                #expect(next.status == .ok)
            }
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }
}
