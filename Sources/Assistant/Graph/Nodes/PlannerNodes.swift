import AgentGraph
import Foundation
import LLM

/// Tool mode: the planner asks the model with the turn's tools; the executor runs the calls
/// it made and feeds results back, for at most `maxToolRounds` rounds.
enum PlannerNodes {
    static func toolSpecs(_ state: GraphState, _ services: AssistantServices, mode: ChatMode) -> [ToolSpec] {
        let specs = services.tools.specs(for: mode)
        let focus = state[AssistantKeys.focusTools]
        let focused = specs.filter { focus.contains($0.name) }
        return focus.isEmpty || focused.isEmpty ? specs : focused
    }

    static func planner(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            guard let turn = state[AssistantKeys.turn] else { return Update() }
            ModelTurn.emit(.progress(state[AssistantKeys.rounds] == 0 ? "Planning" : "Reading the results"), context)
            let request = ChatRequest(
                messages: ModelTurn.messages(state, services: services, instructions: .planner),
                tools: toolSpecs(state, services, mode: turn.mode), toolChoice: .auto)
            let completion = try await ModelTurn.stream(services.model, request, context: context, emitText: true)
            if !completion.toolCalls.isEmpty {
                return .set(AssistantKeys.transcript, [.assistant(completion.message.content, toolCalls: completion.toolCalls)])
            }
            // Text streamed already is the reply; a blank or refused answer gets a substitute.
            var reply = completion.text
            if let substitute = ModelTurn.substitute(for: completion) {
                ModelTurn.emit(.token(substitute), context)
                reply = substitute
            }
            return .set(AssistantKeys.reply, reply)
        }
    }

    /// After the planner: run its tool calls, or finish with the responder.
    static func afterPlanner(_ state: GraphState) -> String {
        guard let last = state[AssistantKeys.transcript].last, last.role == .assistant, !last.toolCalls.isEmpty,
              state[AssistantKeys.reply].isEmpty else { return "responder" }
        return "toolExecutor"
    }

    static func executor(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            guard let turn = state[AssistantKeys.turn], let calls = state[AssistantKeys.transcript].last?.toolCalls else { return Update() }
            var results: [ChatMessage] = []
            var outcomes: [ToolOutcome] = []
            for call in calls {
                ModelTurn.emit(.toolCall(id: call.id, name: call.name, arguments: call.arguments), context)
                let outcome = await services.tools.execute(call, turn: turn, runID: context.runID)
                ModelTurn.emit(.toolResult(id: call.id, name: call.name, ok: outcome.ok, content: outcome.content), context)
                results.append(.tool(callID: call.id, content: outcome.content))
                outcomes.append(outcome)
            }
            await ConversationLog(repository: services.conversations).recordTools(outcomes, turn: turn)
            let invalid = outcomes.contains { $0.status == .invalidArguments }
            return Update.set(AssistantKeys.transcript, results)
                .set(AssistantKeys.outcomes, outcomes)
                .set(AssistantKeys.rounds, state[AssistantKeys.rounds] + 1)
                .set(AssistantKeys.invalidArgumentRounds, state[AssistantKeys.invalidArgumentRounds] + (invalid ? 1 : 0))
        }
    }

    /// Back to the planner while rounds remain and the model has had at most one chance to
    /// fix invalid arguments; otherwise the responder writes the reply.
    static func afterExecutor(_ services: AssistantServices) -> @Sendable (GraphState) -> String {
        { state in
            state[AssistantKeys.rounds] >= services.maxToolRounds || state[AssistantKeys.invalidArgumentRounds] >= 2
                ? "responder" : "planner"
        }
    }
}
