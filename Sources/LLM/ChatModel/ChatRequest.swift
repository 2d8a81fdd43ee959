/// What the agent asks of a model. `model` overrides the client's configured model name.
public struct ChatRequest: Sendable, Hashable {
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]
    public var toolChoice: ToolChoice?
    public var temperature: Double?
    public var maxTokens: Int?
    public var model: String?

    public init(
        messages: [ChatMessage],
        tools: [ToolSpec] = [],
        toolChoice: ToolChoice? = nil,
        temperature: Double? = nil,
        maxTokens: Int? = nil,
        model: String? = nil
    ) {
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.model = model
    }
}

/// OpenAI `tool_choice`: let the model decide, forbid tools, require one, or name one.
public enum ToolChoice: Sendable, Hashable {
    case auto
    case none
    case required
    case function(String)
}
