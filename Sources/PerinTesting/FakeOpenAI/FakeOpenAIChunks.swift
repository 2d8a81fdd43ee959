import Foundation

/// OpenAI's exact wire shapes, written by hand so the fake never shares code with the client
/// it tests.
enum FakeOpenAIChunks {
    static let model = "fake-model"
    static let created = 1_700_000_000

    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func event(_ json: String) -> String { "data: \(json)\n\n" }

    static func chunk(delta: String, finishReason: String? = nil) -> String {
        let finish = finishReason.map(quoted) ?? "null"
        return event(#"{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":\#(created),"model":"\#(model)","system_fingerprint":null,"choices":[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(finish)}],"usage":null}"#)
    }

    static let roleChunk = chunk(delta: #"{"role":"assistant","content":""}"#)

    static func textChunk(_ token: String) -> String {
        chunk(delta: #"{"content":\#(quoted(token))}"#)
    }

    static func finishChunk(_ reason: String) -> String {
        chunk(delta: "{}", finishReason: reason)
    }

    static func usageChunk(prompt: Int, completion: Int) -> String {
        event(#"{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":\#(created),"model":"\#(model)","choices":[],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)}}"#)
    }

    static let done = "data: [DONE]\n\n"

    static func toolCallFragment(index: Int, id: String?, name: String?, arguments: String) -> String {
        var fields = [#""index":\#(index)"#]
        if let id { fields.append(#""id":\#(quoted(id)),"type":"function""#) }
        var function: [String] = []
        if let name { function.append(#""name":\#(quoted(name))"#) }
        function.append(#""arguments":\#(quoted(arguments))"#)
        fields.append(#""function":{\#(function.joined(separator: ","))}"#)
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func toolCallsChunk(_ fragments: [String]) -> String {
        chunk(delta: #"{"tool_calls":[\#(fragments.joined(separator: ","))]}"#)
    }

    /// The non-streamed answer.
    static func completion(content: String?, toolCalls: [FakeToolCall], finishReason: String) -> String {
        let calls = toolCalls.map {
            #"{"id":\#(quoted($0.id)),"type":"function","function":{"name":\#(quoted($0.name)),"arguments":\#(quoted($0.arguments))}}"#
        }
        let toolCallsField = calls.isEmpty ? "" : #","tool_calls":[\#(calls.joined(separator: ","))]"#
        let contentField = content.map(quoted) ?? "null"
        return #"{"id":"chatcmpl-fake","object":"chat.completion","created":\#(created),"model":"\#(model)","choices":[{"index":0,"message":{"role":"assistant","content":\#(contentField)\#(toolCallsField),"refusal":null},"logprobs":null,"finish_reason":\#(quoted(finishReason))}],"usage":{"prompt_tokens":12,"completion_tokens":\#(max(1, (content ?? "").count / 4)),"total_tokens":\#(12 + max(1, (content ?? "").count / 4))}}"#
    }

    static func errorBody(message: String, type: String, param: String?, code: String?) -> String {
        #"{"error":{"message":\#(quoted(message)),"type":\#(quoted(type)),"param":\#(param.map(quoted) ?? "null"),"code":\#(code.map(quoted) ?? "null")}}"#
    }
}
