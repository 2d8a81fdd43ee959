/// One piece of a streamed answer.
public enum ChatDelta: Sendable, Hashable {
    /// Text to show the user, in order.
    case text(String)
    /// Part of a tool call. `index` is the server's slot; `id` and `name` usually come only
    /// in the first fragment of a call; `argumentsFragment` is appended in order. A server
    /// may send a whole call (id, name and all arguments) in one fragment. Feed these to a
    /// `ToolCallAssembler` to get whole calls.
    case toolCallFragment(index: Int, id: String?, name: String?, argumentsFragment: String)
    /// Why the model stopped.
    case finish(FinishReason)
    /// Token counts, usually the last delta.
    case usage(Usage)
}

/// Token counts reported by the model.
public struct Usage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
    }
}
