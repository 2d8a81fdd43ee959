import AgentGraph
import Foundation
import LLM
import Logging
import Storage

/// Runs chat turns: claims the user's turn slot, stores the user message before the graph
/// starts, streams the graph's events, and stores the reply when the run ends (flagged
/// partial when the client went away or the run failed). Cancelling the consumer of
/// `run` cancels the graph and, through it, the model request.
public final class ChatService: Sendable {
    public let services: AssistantServices
    public let graph: CompiledGraph
    public let gate = TurnGate()
    /// Turns storing their user message at once (see `AsyncLimiter`).
    let preparations = AsyncLimiter(permits: 16)
    /// Where paused plans wait for the owner's answer (nil: plans cannot pause durably).
    let checkpointer: (any Checkpointer)?

    public enum TurnError: Error, Sendable {
        /// The user already has a turn running.
        case busy
        case conversationNotFound
    }

    public init(services: AssistantServices, checkpointer: (any Checkpointer)? = nil) throws {
        self.services = services
        self.checkpointer = checkpointer
        self.graph = try PerinGraph.build(services, checkpointer: checkpointer)
    }

    /// A conversation's graph thread: its paused plan, if any, lives there.
    static func thread(_ conversationID: String) -> String { "chat:" + conversationID }

    /// Whether the conversation has a plan paused for an answer.
    public func pausedPlan(conversationID: String) async throws -> PlanQuestion? {
        guard let checkpointer, let record = try await checkpointer.get(thread: Self.thread(conversationID), step: nil),
              let paused = record.pendingWrites.first(where: { $0.kind == .interrupt }) else { return nil }
        return try? JSONDecoder().decode(PlanQuestion.self, from: paused.data)
    }

    /// The graph's events for a turn: a fresh run, or — when the conversation's plan is paused
    /// — the paused run resumed with this message as the answer. Owner turns checkpoint only
    /// when they pause; delegation visitors' turns never do.
    func events(for turn: TurnInput, resuming: Bool) -> AsyncStream<GraphEvent> {
        guard checkpointer != nil, turn.mode == .owner, let conversationID = turn.conversationID else {
            return graph.stream(PerinGraph.input(turn))
        }
        let config = RunConfig(threadID: Self.thread(conversationID), checkpointing: .onInterrupt)
        if resuming { return graph.streamResume(thread: Self.thread(conversationID), value: turn.userText, config: config) }
        return graph.stream(PerinGraph.input(turn), config: config)
    }

    public func begin(userID: String) throws -> TurnTicket {
        guard let ticket = gate.enter(userID) else { throw TurnError.busy }
        return ticket
    }

    /// Whether `id` is one of the user's conversations.
    public func ownsConversation(_ id: String, userID: String) async throws -> Bool {
        try await services.conversations.find(id: id, userID: userID) != nil
    }

    /// Prepares the conversation (new, or the user's own existing one), loads its history
    /// when the client sent none, and stores the user message. Call before streaming the
    /// turn; throws `conversationNotFound` for an id that is not the user's.
    public func prepare(_ turn: TurnInput) async throws -> TurnInput {
        try await preparations.withPermit { try await store(turn) }
    }

    /// Kept out of `prepare` so that waiting for a permit does not hold this deep frame.
    @inline(never)
    private func store(_ turn: TurnInput) async throws -> TurnInput {
        var turn = turn
        let repository = services.conversations
        let userID = turn.profile.userID
        if let id = turn.conversationID {
            guard try await repository.find(id: id, userID: userID) != nil else { throw TurnError.conversationNotFound }
            if turn.history.isEmpty {
                turn.history = try await ConversationLog(repository: repository).history(conversationID: id, userID: userID)
            }
            if turn.mode == .owner { turn.answersPausedPlan = try await pausedPlan(conversationID: id) != nil }
        } else {
            let title = String(turn.userText.prefix(60)).trimmingCharacters(in: .whitespacesAndNewlines)
            turn.conversationID = try await repository.create(userID: userID, title: title.isEmpty ? "Chat" : title).id
        }
        try await repository.append(conversationID: turn.conversationID!, userID: userID, role: "user", content: turn.userText)
        return turn
    }

    /// Streams the turn's events; the last one is `.done` or `.error`. The ticket is
    /// released after the reply is stored. `cancel()` (or dropping the stream) stops the run.
    public func run(_ turn: TurnInput, ticket: TurnTicket) -> TurnRun {
        let (stream, continuation) = AsyncStream.makeStream(of: AssistantEvent.self, bufferingPolicy: .unbounded)
        let task = Task { [services] in
            defer { ticket.release() }
            var reply = ""
            var finished = false
            var failure: GraphError?
            for await event in self.events(for: turn, resuming: turn.answersPausedPlan) {
                switch event {
                case .custom(_, let payload as TurnEmission):
                    if case .token(let text) = payload.event { reply += text }
                    continuation.yield(payload.event)
                case .finished(let state):
                    finished = true
                    reply = PerinGraph.reply(state)
                case .interrupted(let interrupt):
                    // A paused plan: the question is this turn's reply; the next message answers it.
                    finished = true
                    let question = (try? interrupt.decodePayload(as: PlanQuestion.self)) ?? PlanQuestion(stepID: "", question: "How shall I go on?")
                    continuation.yield(.multiStepPaused(stepID: question.stepID, question: question.question))
                    continuation.yield(.token(question.question))
                    reply = question.question
                case .failed(let error):
                    failure = error
                default:
                    break
                }
            }
            let cancelled = Task.isCancelled
            if let failure, !cancelled {
                services.logger.error("chat turn failed", metadata: ["code": .string("\(failure.code)")])
                continuation.yield(.error(code: "turn_failed", message: "the assistant failed to finish this reply"))
            }
            // Stored outside the cancelled task so a cut turn still keeps its partial reply.
            // Delegation visitors' chats are not the owner's conversations: nothing is stored.
            let conversationID = turn.conversationID ?? ""
            let stored = turn.mode == .delegation ? nil : await Task {
                try? await services.conversations.append(
                    conversationID: conversationID, userID: turn.profile.userID, role: "assistant", content: reply,
                    partial: !finished)
            }.value
            continuation.yield(.done(conversationID: conversationID, messageID: stored?.id))
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return TurnRun(events: stream, task: task)
    }
}

/// A running turn: its events, and a way to stop it (the client went away).
public struct TurnRun: Sendable {
    public let events: AsyncStream<AssistantEvent>
    let task: Task<Void, Never>

    public func cancel() { task.cancel() }

    /// Waits until the turn has stored its reply.
    public func finished() async { await task.value }
}
