/// A whole answer from a model.
public struct ChatCompletion: Sendable, Hashable {
    /// The assistant message: text (possibly `nil`) and any tool calls.
    public var message: ChatMessage
    public var finishReason: FinishReason?
    public var usage: Usage?
    /// The model that answered, when the server says so.
    public var model: String?

    public init(
        message: ChatMessage,
        finishReason: FinishReason?,
        usage: Usage? = nil,
        model: String? = nil
    ) {
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }

    /// The assistant text, or "" when it only called tools.
    public var text: String { message.content ?? "" }
    public var toolCalls: [ToolCall] { message.toolCalls }
}

/// Folds streamed deltas into a `ChatCompletion`.
public struct ChatCompletionAccumulator: Sendable {
    private var text = ""
    private var sawText = false
    private var toolCalls = ToolCallAssembler()
    private var finishReason: FinishReason?
    private var usage: Usage?

    public init() {}

    public mutating func add(_ delta: ChatDelta) {
        switch delta {
        case .text(let piece):
            text += piece
            sawText = true
        case .toolCallFragment(let index, let id, let name, let fragment):
            toolCalls.add(index: index, id: id, name: name, argumentsFragment: fragment)
        case .finish(let reason):
            finishReason = reason
        case .usage(let value):
            usage = value
        }
    }

    public func completion(model: String? = nil) -> ChatCompletion {
        let message = ChatMessage.assistant(sawText ? text : nil, toolCalls: toolCalls.calls())
        return ChatCompletion(message: message, finishReason: finishReason, usage: usage, model: model)
    }
}
