/// Why a model stopped producing output (OpenAI `finish_reason`).
public enum FinishReason: Sendable, Hashable {
    /// Natural end of the answer.
    case stop
    /// `max_tokens` or the context window was reached: the answer is truncated.
    case length
    /// The model wants tools run; the message carries tool calls.
    case toolCalls
    /// The provider withheld content.
    case contentFilter
    /// Anything else a server reports, kept verbatim.
    case other(String)

    public init(wireValue: String) {
        switch wireValue {
        case "stop", "eos", "end_turn": self = .stop
        case "length", "max_tokens": self = .length
        // "function_call" is the legacy name for the same thing.
        case "tool_calls", "function_call": self = .toolCalls
        case "content_filter": self = .contentFilter
        default: self = .other(wireValue)
        }
    }

    public var wireValue: String {
        switch self {
        case .stop: "stop"
        case .length: "length"
        case .toolCalls: "tool_calls"
        case .contentFilter: "content_filter"
        case .other(let value): value
        }
    }
}
