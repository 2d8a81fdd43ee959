/// What the fake OpenAI server answers to one request. Replies are queued and used in order;
/// with an empty queue the server answers `FakeOpenAIReply.defaultText`.
public enum FakeOpenAIReply: Sendable {
    /// Text; streamed one element of `tokens` per chunk with `tokenDelay` between them, or
    /// joined into one JSON answer when the request is not streaming.
    case text(tokens: [String], tokenDelay: Duration = .zero, finishReason: String = "stop")
    /// Tool calls, streamed in the given style (or whole in a JSON answer).
    case toolCalls([FakeToolCall], style: FakeToolCallStyle = .fragmented(pieces: 3))
    /// A failure instead of an answer.
    case fault(FakeOpenAIFault)

    public static let defaultText = FakeOpenAIReply.text(tokens: ["Hello", " from", " the", " fake", " model."])

    /// Splits `text` into word-sized tokens (keeping spaces) for `.text`.
    public static func text(_ text: String, tokenDelay: Duration = .zero) -> FakeOpenAIReply {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == " ", !current.isEmpty {
                tokens.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { tokens.append(current) }
        return .text(tokens: tokens, tokenDelay: tokenDelay)
    }
}

public struct FakeToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    /// JSON text of the arguments.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// How tool calls are spread over stream chunks; real servers do all three.
public enum FakeToolCallStyle: Sendable, Hashable {
    /// OpenAI: id and name first under the call's index, then the arguments in `pieces` parts.
    case fragmented(pieces: Int)
    /// Every call whole (id, name, all arguments) in a single delta.
    case wholeInOneDelta
    /// Every call under index 0, told apart only by a new id (some local servers).
    case reusedIndexZero
}

/// The failures the fake server can produce.
public enum FakeOpenAIFault: Sendable, Hashable {
    /// 429 with `Retry-After: seconds`.
    case rateLimited(retryAfterSeconds: Int)
    /// 500 with an OpenAI error body.
    case serverError
    /// 401 with OpenAI's invalid key body.
    case unauthorized
    /// 400 `context_length_exceeded`, OpenAI's real body.
    case contextLengthExceeded
    /// Waits before sending anything (head included), then answers `defaultText`.
    case slowFirstByte(Duration)
    /// Streams `tokensBefore` tokens, then goes silent for `stall`, then ends properly.
    case stallMidStream(tokensBefore: Int, stall: Duration)
    /// Streams `tokensBefore` tokens and ends the body without `[DONE]`.
    case cutWithoutDone(tokensBefore: Int)
    /// Streams one good token, then a chunk that is not JSON.
    case malformedChunk
}
