import AgentGraph
import Foundation
import LLM

/// Calls the model for one node, streaming its text to the client as it arrives and
/// folding the deltas into a completion. Text is withheld while the answer is still only
/// tool calls, so half a sentence before a tool call does not reach the user twice.
enum ModelTurn {
    static func stream(_ model: any ChatModel, _ request: ChatRequest, context: NodeContext, emitText: Bool) async throws -> ChatCompletion {
        var accumulator = ChatCompletionAccumulator()
        for try await delta in model.stream(request) {
            try Task.checkCancellation()
            accumulator.add(delta)
            if emitText, case .text(let piece) = delta, !piece.isEmpty {
                context.emit(TurnEmission(event: .token(piece)))
            }
        }
        return accumulator.completion()
    }

    static func emit(_ event: AssistantEvent, _ context: NodeContext) {
        context.emit(TurnEmission(event: event))
    }

    /// A reply for a model that answered with nothing usable.
    static func substitute(for completion: ChatCompletion) -> String? {
        if completion.finishReason == .contentFilter {
            return "I can't help with that request. Is there something else I can do?"
        }
        if completion.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, completion.toolCalls.isEmpty {
            return "Sorry — I didn't get an answer together for that. Could you say it another way?"
        }
        return nil
    }

    /// System messages (persona + context, then the node's instructions), history, the new
    /// user message, then this turn's tool exchanges.
    static func messages(
        _ state: GraphState, services: AssistantServices, instructions: PromptLibrary.Name?, turn override: TurnInput? = nil
    ) -> [ChatMessage] {
        guard let turn = override ?? state[AssistantKeys.turn] else { return [] }
        var values = PromptValues(turn: turn)
        values.memory = state[AssistantKeys.memory]
        values.contexts = state[AssistantKeys.contexts].values.sorted { $0.type < $1.type }
        values.notifications = state[AssistantKeys.notifications]
        values.negotiation = state[AssistantKeys.negotiation]
        let dictionary = values.dictionary
        var messages = [ChatMessage.system(services.prompts.render(turn.mode == .delegation ? .delegation : .system, dictionary))]
        if let instructions {
            messages.append(.system(services.prompts.render(instructions, dictionary)))
        }
        messages += turn.history.suffix(20)
        messages.append(.user(turn.userText))
        if override == nil { messages += state[AssistantKeys.transcript] }
        return messages
    }
}
