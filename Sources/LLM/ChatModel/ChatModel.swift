/// A language model the agent can talk to: the OpenAI-compatible client, the offline
/// built-in model and the resilient wrapper all conform. Free of HTTP types on purpose, so
/// nodes and tests depend only on messages in and deltas out.
public protocol ChatModel: Sendable {
    /// One whole answer: the assistant message (text and/or tool calls), usage, finish reason.
    func complete(_ request: ChatRequest) async throws -> ChatCompletion

    /// The same answer as it is produced. The stream ends after a `.finish` delta (and
    /// usually a `.usage` delta); a stream that ends any other way throws.
    func stream(_ request: ChatRequest) -> ChatStream
}

/// The stream a `ChatModel` returns. Cancelling the consuming task cancels the producer.
public typealias ChatStream = AsyncThrowingStream<ChatDelta, any Error>

extension ChatModel {
    /// Runs `stream(_:)` to the end and folds the deltas into one completion; a model
    /// whose native form is streaming can implement `complete(_:)` with this.
    public func completeByStreaming(_ request: ChatRequest) async throws -> ChatCompletion {
        var accumulator = ChatCompletionAccumulator()
        for try await delta in stream(request) {
            accumulator.add(delta)
        }
        return accumulator.completion()
    }
}
