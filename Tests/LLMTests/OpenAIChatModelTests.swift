import Foundation
import Testing
import LLM
import PerinTesting

@Suite struct OpenAIChatModelTests {
    @Test func streamsTextUsageAndFinish() async throws {
        try await withFakeServer { server, model in
            server.enqueue(.text("Hi there, Ana."))
            let (deltas, error) = await drain(model.stream(userAsk))
            #expect(error == nil)
            #expect(text(of: deltas) == "Hi there, Ana.")
            #expect(deltas.suffix(2) == [.finish(.stop), .usage(Usage(promptTokens: 12, completionTokens: 3, totalTokens: 15))])
        }
    }

    @Test func sendsTheRealRequestShape() async throws {
        try await withFakeServer { server, model in
            let tool = ToolSpec(name: "create_event", description: "Create an event", parameters: [
                "type": "object", "properties": ["title": ["type": "string"]], "required": ["title"],
            ])
            let request = ChatRequest(
                messages: [
                    .user("book lunch"),
                    .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: "create_event", arguments: #"{"title":"Lunch"}"#)]),
                    .tool(callID: "call_1", content: "created"),
                ],
                tools: [tool], toolChoice: .function("create_event"), temperature: 0.2, maxTokens: 50
            )
            _ = await drain(model.stream(request))
            let recorded = try #require(server.requests.first)
            #expect(recorded.path == "/v1/chat/completions")
            #expect(recorded.headers["authorization"] == "Bearer sk-test-secret")
            let body = try JSONDecoder().decode(JSONValue.self, from: recorded.body)
            #expect(body["model"] == "fake-model")
            #expect(body["stream"] == true)
            #expect(body["stream_options"] == ["include_usage": true])
            #expect(body["max_tokens"] == 50)
            #expect(body["temperature"] == 0.2)
            #expect(body["tool_choice"] == ["type": "function", "function": ["name": "create_event"]])
            #expect(body["tools"]?[0]?["function"]?["parameters"] == tool.parameters)
            #expect(body["messages"]?[1]?["content"] == .null)
            #expect(body["messages"]?[1]?["tool_calls"]?[0]?["function"]?["arguments"] == #"{"title":"Lunch"}"#)
            #expect(body["messages"]?[2]?["tool_call_id"] == "call_1")
        }
    }

    @Test(arguments: [FakeToolCallStyle.fragmented(pieces: 4), .wholeInOneDelta, .reusedIndexZero])
    func assemblesStreamedToolCalls(style: FakeToolCallStyle) async throws {
        try await withFakeServer { server, model in
            server.enqueue(.toolCalls([
                FakeToolCall(id: "call_a", name: "find_slots", arguments: #"{"duration":30,"day":"2025-03-14"}"#),
                FakeToolCall(id: "call_b", name: "remember", arguments: #"{"fact":"likes tea"}"#),
            ], style: style))
            let completion = try await model.completeByStreaming(userAsk)
            #expect(completion.finishReason == .toolCalls)
            #expect(completion.toolCalls == [
                ToolCall(id: "call_a", name: "find_slots", arguments: #"{"duration":30,"day":"2025-03-14"}"#),
                ToolCall(id: "call_b", name: "remember", arguments: #"{"fact":"likes tea"}"#),
            ])
            #expect(try completion.toolCalls[0].decodedArguments()["duration"] == 30)
        }
    }

    @Test func completesWithoutStreaming() async throws {
        try await withFakeServer { server, model in
            server.enqueue(.text(tokens: ["Done", "."], finishReason: "length"))
            server.enqueue(.toolCalls([FakeToolCall(id: "c1", name: "noop", arguments: "{}")]))
            let text = try await model.complete(userAsk)
            #expect(text.text == "Done.")
            #expect(text.finishReason == .length)
            #expect(text.usage?.promptTokens == 12)
            let tools = try await model.complete(userAsk)
            #expect(tools.message.content == nil)
            #expect(tools.toolCalls == [ToolCall(id: "c1", name: "noop", arguments: "{}")])
            #expect(server.requests.map(\.isStreaming) == [false, false])
        }
    }

    @Test func faultStatusesAreClassified() async throws {
        try await withFakeServer { server, model in
            server.enqueue(.fault(.rateLimited(retryAfterSeconds: 7)), .fault(.serverError), .fault(.unauthorized), .fault(.contextLengthExceeded))
            let limited = try await #require(throws: ServiceError.self) { try await model.complete(userAsk) }
            #expect(limited.category == .rateLimited)
            #expect(limited.retryAfter == .seconds(7))
            let server500 = try await #require(throws: ServiceError.self) { try await model.complete(userAsk) }
            #expect(server500.category == .server && server500.statusCode == 500)
            let auth = try await #require(throws: ServiceError.self) { try await model.complete(userAsk) }
            #expect(auth.category == .authentication)
            #expect(!auth.description.contains("sk-test-secret"))
            let context = await drain(model.stream(userAsk))
            #expect((context.error as? ServiceError)?.category == .contextTooLarge)
        }
    }

    @Test func streamCutWithoutDoneIsAnError() async throws {
        try await withFakeServer { server, model in
            server.enqueue(.fault(.cutWithoutDone(tokensBefore: 2)))
            let (deltas, error) = await drain(model.stream(userAsk))
            #expect(text(of: deltas) == "t0 t1 ")
            let failure = try #require(error as? ServiceError)
            #expect(failure.category == .network)
            #expect(failure.message == "stream ended without [DONE]")
        }
    }

    @Test func malformedChunkIsInvalidResponse() async throws {
        try await withFakeServer { server, model in
            server.enqueue(.fault(.malformedChunk))
            let (deltas, error) = await drain(model.stream(userAsk))
            #expect(text(of: deltas) == "ok ")
            #expect((error as? ServiceError)?.category == .invalidResponse)
        }
    }

    @Test func idleTimeoutFiresOnAStall() async throws {
        let timeouts = OpenAIConfiguration.Timeouts(connect: .seconds(2), firstByte: .seconds(5), idle: .milliseconds(300), total: .seconds(20))
        try await withFakeServer(timeouts: timeouts) { server, model in
            server.enqueue(.fault(.stallMidStream(tokensBefore: 1, stall: .seconds(3))))
            let started = ContinuousClock.now
            let (deltas, error) = await drain(model.stream(userAsk))
            let elapsed = ContinuousClock.now - started
            #expect(text(of: deltas) == "t0 ")
            let failure = try #require(error as? ServiceError)
            #expect(failure.category == .timeout)
            #expect(failure.message.hasPrefix("idle gap timeout"))
            #expect(elapsed < .seconds(2))
        }
    }

    @Test func firstByteTimeoutFires() async throws {
        let timeouts = OpenAIConfiguration.Timeouts(connect: .seconds(2), firstByte: .milliseconds(300), idle: .seconds(5), total: .seconds(20))
        try await withFakeServer(timeouts: timeouts) { server, model in
            server.enqueue(.fault(.slowFirstByte(.seconds(3))))
            let failure = try await #require(throws: ServiceError.self) { try await model.complete(userAsk) }
            #expect(failure.category == .timeout)
            #expect(failure.message.hasPrefix("first byte timeout"))
        }
    }

    @Test func connectionRefusedIsNetworkError() async throws {
        let model = OpenAIChatModel(configuration: OpenAIConfiguration(
            baseURL: "http://127.0.0.1:1/v1", model: "m", timeouts: .init(connect: .milliseconds(300))
        ))
        let failure = try await #require(throws: ServiceError.self) { try await model.complete(userAsk) }
        #expect(failure.category == .network || failure.category == .timeout)
        try await model.shutdown()
    }

    @Test func streamLargerThanTheLimitIsRefused() async throws {
        let server = try await FakeOpenAIServer.start()
        let model = OpenAIChatModel(configuration: OpenAIConfiguration(baseURL: server.baseURL, model: "m", maxResponseBytes: 2000))
        server.enqueue(.text(String(repeating: "word ", count: 500)))
        let (deltas, error) = await drain(model.stream(userAsk))
        try await model.shutdown()
        await server.stop()
        let failure = try #require(error as? ServiceError)
        #expect(failure.category == .invalidResponse)
        #expect(failure.message == "stream larger than 2000 bytes")
        #expect(deltas.count < 10)
    }

    @Test func configurationFromEnvironment() {
        #expect(OpenAIConfiguration.fromEnvironment([:]) == nil)
        let local = OpenAIConfiguration.fromEnvironment(["OPENAI_BASE_URL": "http://localhost:11434/v1/", "OPENAI_MODEL": "llama3"])
        #expect(local?.completionsURL == "http://localhost:11434/v1/chat/completions")
        #expect(local?.model == "llama3")
        #expect(local?.apiKey == nil)
        let hosted = OpenAIConfiguration.fromEnvironment(["OPENAI_API_KEY": "sk-secret"])
        #expect(hosted?.baseURL == OpenAIConfiguration.defaultBaseURL)
        #expect(hosted.map { String(describing: $0) }?.contains("sk-secret") == false)
    }
}
