import Testing
@testable import LLM

@Suite struct OpenAIStreamDecoderTests {
    private func decode(_ datas: [String]) throws -> (deltas: [ChatDelta], decoder: OpenAIStreamDecoder) {
        var decoder = OpenAIStreamDecoder(service: "test")
        var deltas: [ChatDelta] = []
        for data in datas { try decoder.decode(ServerSentEvent(data: data), into: &deltas) }
        return (deltas, decoder)
    }

    @Test func textFinishUsageAndDone() throws {
        let (deltas, decoder) = try decode([
            #"{"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}"#,
            #"{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"#,
            "[DONE]",
        ])
        #expect(deltas == [.text("Hi"), .finish(.length), .usage(Usage(promptTokens: 3, completionTokens: 1, totalTokens: 4))])
        #expect(decoder.model == "m")
        try decoder.finish()
    }

    @Test(arguments: [("stop", FinishReason.stop), ("length", .length), ("tool_calls", .toolCalls), ("content_filter", .contentFilter), ("weird", .other("weird"))])
    func finishReasonsAreSurfaced(wire: String, expected: FinishReason) throws {
        let (deltas, _) = try decode([#"{"choices":[{"index":0,"delta":{},"finish_reason":"\#(wire)"}]}"#])
        #expect(deltas == [.finish(expected)])
    }

    @Test func streamWithoutDoneIsAnError() throws {
        let (_, decoder) = try decode([#"{"choices":[{"index":0,"delta":{"content":"Hi"}}]}"#])
        let error = try #require(throws: ServiceError.self) { try decoder.finish() }
        #expect(error.category == .network)
    }

    @Test func malformedChunkIsInvalidResponse() throws {
        let error = try #require(throws: ServiceError.self) { _ = try decode(["{not json"]) }
        #expect(error.category == .invalidResponse)
    }

    @Test func errorObjectInsideStreamIsThrown() throws {
        let error = try #require(throws: ServiceError.self) {
            _ = try decode([#"{"error":{"message":"overloaded","type":"server_error","code":null}}"#])
        }
        #expect(error.category == .server)
        #expect(error.message == "overloaded")
    }

    @Test func toolCallFragmentsKeepIndexIDAndName() throws {
        let (deltas, _) = try decode([
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"find","arguments":"{\"q\""}}]}}]}"#,
        ])
        #expect(deltas == [.toolCallFragment(index: 1, id: "call_b", name: "find", argumentsFragment: #"{"q""#)])
    }
}
