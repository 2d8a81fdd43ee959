/// What a streamed run reports, in the order it happens. The last event is always one of
/// `finished`, `interrupted` or `failed`.
public enum GraphEvent: Sendable {
    case runStarted(runID: String, threadID: String?, step: Int)
    case nodeStarted(node: String, step: Int)
    case nodeFinished(node: String, step: Int, update: Update)
    /// Emitted by a node while it runs (`NodeContext.emit`): tokens, progress, control tokens.
    case custom(node: String, payload: any Sendable)
    case interrupted(GraphInterrupt)
    case finished(GraphState)
    case failed(GraphError)

    public var isTerminal: Bool {
        switch self {
        case .interrupted, .finished, .failed: true
        default: false
        }
    }
}
