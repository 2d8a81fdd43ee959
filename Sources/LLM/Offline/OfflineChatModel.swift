public import Foundation

/// The built-in model used when no OpenAI-compatible server is configured.
///
/// Deterministic: the same request gives the same answer, word for word. It classifies the
/// newest user message (`IntentClassifier`), extracts dates, durations and people
/// (`EntityExtractor`) in the user's zone, and
/// - with matching tools offered, answers with tool calls (finish reason `tool_calls`),
///   arguments named after the tools' JSON Schemas, times as ISO 8601 with the user's offset;
/// - once tool results follow the newest user message, writes the reply from them;
/// - otherwise answers from the system prompt's context sections, or asks for what is missing.
///
/// The user's "now" and zone come from a `Current time: <ISO 8601> (<IANA zone>)` line in a
/// system message (see `PromptContext`); without one, the injected `now` clock and `defaultTimeZone` are used.
/// Replies stream word by word.
public struct OfflineChatModel: ChatModel {
    public static let modelName = "perin-offline"

    let currentDate: @Sendable () -> Date
    let defaultTimeZone: TimeZone

    public init(defaultTimeZone: TimeZone = .current, now: @escaping @Sendable () -> Date = { Date() }) {
        self.defaultTimeZone = defaultTimeZone
        self.currentDate = now
    }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let answer = answer(request)
        let message = ChatMessage.assistant(answer.text, toolCalls: answer.toolCalls)
        return ChatCompletion(message: message, finishReason: answer.toolCalls.isEmpty ? .stop : .toolCalls,
                              usage: usage(request, answer), model: Self.modelName)
    }

    public func stream(_ request: ChatRequest) -> ChatStream {
        let answer = answer(request)
        let usage = usage(request, answer)
        return ChatStream { continuation in
            let task = Task {
                for piece in Self.words(answer.text ?? "") {
                    if Task.isCancelled { break }
                    continuation.yield(.text(piece))
                    await Task.yield()
                }
                for (index, call) in answer.toolCalls.enumerated() {
                    // Like a real server: id and name first, then the arguments in pieces.
                    continuation.yield(.toolCallFragment(index: index, id: call.id, name: call.name, argumentsFragment: ""))
                    for piece in Self.chunks(call.arguments, size: 24) {
                        continuation.yield(.toolCallFragment(index: index, id: nil, name: nil, argumentsFragment: piece))
                    }
                }
                continuation.yield(.finish(answer.toolCalls.isEmpty ? .stop : .toolCalls))
                continuation.yield(.usage(usage))
                continuation.finish(throwing: Task.isCancelled ? CancellationError() : nil)
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The classification the model would act on, for `/api/ai/classify` and logs.
    public func classify(_ request: ChatRequest) -> (IntentClassification, ExtractedEntities) {
        let conversation = OfflineConversation(request: request, fallbackNow: currentDate(), fallbackZone: defaultTimeZone)
        return Self.understand(conversation)
    }

    // MARK: Deciding

    struct Answer: Sendable {
        var text: String?
        var toolCalls: [ToolCall]
    }

    func answer(_ request: ChatRequest) -> Answer {
        let conversation = OfflineConversation(request: request, fallbackNow: currentDate(), fallbackZone: defaultTimeZone)
        let writer = OfflineReplyWriter(conversation: conversation)
        if !conversation.pending.isEmpty {
            return Answer(text: writer.replyToTools(), toolCalls: [])
        }
        let (intent, entities) = Self.understand(conversation)
        let planner = OfflineToolPlanner(conversation: conversation, intent: intent, entities: entities)
        switch planner.plan() {
        case .calls(let calls):
            let base = request.messages.count
            let toolCalls = calls.enumerated().map { offset, call in
                ToolCall(id: Self.callID(base: base, offset: offset, call: call), name: call.name, arguments: call.arguments)
            }
            return Answer(text: nil, toolCalls: toolCalls)
        case .reply(let text):
            return Answer(text: text, toolCalls: [])
        case nil:
            return Answer(text: writer.directReply(intent: intent, entities: entities), toolCalls: [])
        }
    }

    static func understand(_ conversation: OfflineConversation) -> (IntentClassification, ExtractedEntities) {
        let context = IntentContext(isDelegation: conversation.isDelegation,
                                    hasPendingNotifications: !conversation.notificationItems.isEmpty
                                        || conversation.tool("notifications_resolve") != nil)
        let intent = IntentClassifier().classify(conversation.userText, context: context)
        let entities = EntityExtractor(clock: conversation.clock).extract(conversation.userText)
        return (intent, entities)
    }

    /// Stable for the same request (a resumed run gets the same id, so its idempotency key
    /// matches) and different for each round of a conversation.
    static func callID(base: Int, offset: Int, call: PlannedCall) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(base)|\(offset)|\(call.name)|\(call.arguments)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "call_" + String(hash, radix: 16)
    }

    // MARK: Streaming pieces

    /// Word-sized deltas: each word with the spaces or newline that follow it.
    static func words(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inSpace = false
        for character in text {
            let isSpace = character.isWhitespace
            if inSpace, !isSpace {
                pieces.append(current)
                current = ""
            }
            current.append(character)
            inSpace = isSpace
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    static func chunks(_ text: String, size: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return pieces
    }

    /// About four characters per token, like the models this one stands in for.
    private func usage(_ request: ChatRequest, _ answer: Answer) -> Usage {
        let prompt = request.messages.reduce(0) { $0 + ($1.content?.count ?? 0) + $1.toolCalls.reduce(0) { $0 + $1.arguments.count } }
            + request.tools.reduce(0) { $0 + $1.name.count + $1.description.count }
        let completion = (answer.text?.count ?? 0) + answer.toolCalls.reduce(0) { $0 + $1.name.count + $1.arguments.count }
        return Usage(promptTokens: (prompt + 3) / 4, completionTokens: (completion + 3) / 4)
    }
}
