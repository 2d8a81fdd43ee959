/// One message of a conversation, in the shape OpenAI's chat API uses.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant, tool
    }

    public var role: Role
    /// Text; `nil` for an assistant message that only calls tools.
    public var content: String?
    /// Tool calls made by an assistant message.
    public var toolCalls: [ToolCall]
    /// For a `.tool` message: the id of the call this message answers.
    public var toolCallID: String?
    /// Optional participant name (OpenAI `name`).
    public var name: String?

    public init(
        role: Role,
        content: String?,
        toolCalls: [ToolCall] = [],
        toolCallID: String? = nil,
        name: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    public static func system(_ text: String) -> ChatMessage {
        ChatMessage(role: .system, content: text)
    }

    public static func user(_ text: String, name: String? = nil) -> ChatMessage {
        ChatMessage(role: .user, content: text, name: name)
    }

    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }

    /// The result of running tool call `callID`, fed back to the model.
    public static func tool(callID: String, content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: content, toolCallID: callID)
    }
}
