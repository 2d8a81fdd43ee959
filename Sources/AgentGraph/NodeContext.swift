import Foundation

/// What a running node knows about its run, and how it talks back while it runs:
/// `emit` streams custom events (tokens, progress) to the consumer as they are produced,
/// `interrupt` pauses the run for an answer.
public struct NodeContext: Sendable {
    public let node: String
    public let step: Int
    public let runID: String
    public let threadID: String?
    /// Position of this task in its step; fixes the order its update is applied in.
    public let taskIndex: Int
    /// Which attempt this is (1 for the first), when the node is retryable.
    public let attempt: Int
    let input: TaskInput
    let resumeValue: Data?
    let events: AsyncStream<GraphEvent>.Continuation?

    /// Whether anyone consumes events; lets a node skip building payloads nobody reads.
    public var isStreaming: Bool { events != nil }

    public func emit(_ payload: any Sendable) {
        events?.yield(.custom(node: node, payload: payload))
    }

    /// The input this task was sent with (`Send(_:input:)`), if any.
    public func input<T: Decodable & Sendable>(as type: T.Type = T.self) throws -> T? {
        switch input {
        case .none: return nil
        case .value(let box):
            let value = box.value
            if let typed = value as? T { return typed }
            // A value of another Codable type: convert through its coded form.
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
        case .encoded(let data):
            return try JSONDecoder().decode(T.self, from: data)
        }
    }

    /// Pauses the run with `payload`; when the run is resumed with a value, the node runs
    /// again from its start and this call returns that value instead of pausing.
    public func interrupt<Answer: Decodable>(
        _ payload: some Encodable & Sendable, answer type: Answer.Type = Answer.self
    ) throws -> Answer {
        if let resumeValue {
            return try JSONDecoder().decode(Answer.self, from: resumeValue)
        }
        throw GraphInterrupt(node: node, step: step, payload: try JSONEncoder().encode(payload))
    }
}

/// The input of one task: none, a live value (this process sent it), or its coded form
/// (read back from a checkpoint).
enum TaskInput: Sendable {
    case none
    case value(InputBox)
    case encoded(Data)
}

/// Boxed so a task input is one word in every frame and task, not a five-word existential.
final class InputBox: Sendable {
    let value: any Codable & Sendable
    init(_ value: any Codable & Sendable) { self.value = value }
}
