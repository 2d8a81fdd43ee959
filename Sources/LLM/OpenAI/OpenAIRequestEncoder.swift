#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the JSON body of `POST /chat/completions` from a `ChatRequest`. Pure.
enum OpenAIRequestEncoder {
    static func body(for request: ChatRequest, defaultModel: String, stream: Bool) throws -> Data {
        let wire = OpenAIWire.Request(
            model: request.model ?? defaultModel,
            messages: request.messages.map(message),
            tools: request.tools.isEmpty ? nil : request.tools.map {
                OpenAIWire.Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
            },
            // tool_choice without tools is rejected by OpenAI, so it is only sent with tools.
            toolChoice: request.tools.isEmpty ? nil : request.toolChoice.map(toolChoice),
            temperature: request.temperature,
            maxTokens: request.maxTokens,
            stream: stream,
            streamOptions: stream ? OpenAIWire.StreamOptions(includeUsage: true) : nil
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(wire)
    }

    static func message(_ message: ChatMessage) -> OpenAIWire.Message {
        OpenAIWire.Message(
            role: message.role.rawValue,
            content: message.content,
            name: message.name,
            toolCalls: message.toolCalls.isEmpty ? nil : message.toolCalls.map {
                OpenAIWire.WholeToolCall(id: $0.id, function: .init(name: $0.name, arguments: $0.arguments))
            },
            toolCallID: message.toolCallID
        )
    }

    static func toolChoice(_ choice: ToolChoice) -> OpenAIWire.ToolChoiceValue {
        switch choice {
        case .auto: .mode("auto")
        case .none: .mode("none")
        case .required: .mode("required")
        case .function(let name): .function(name)
        }
    }
}
