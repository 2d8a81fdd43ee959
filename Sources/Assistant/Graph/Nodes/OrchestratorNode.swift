import AgentGraph
import Foundation
import LLM

/// Multi-step mode: runs the plan's steps in order, each a short tool loop of its own,
/// reporting start, progress, result and end of every step as control tokens. A failed
/// optional step is skipped; a failed required step stops the rest.
enum OrchestratorNode {
    static func node(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            guard let turn = state[AssistantKeys.turn], let plan = state[AssistantKeys.plan] else { return Update() }
            ModelTurn.emit(.multiStepInitiated(reason: plan.reason, confidence: plan.confidence), context)
            var summaries: [String] = []
            var outcomes: [ToolOutcome] = []
            var stopped = false
            for step in plan.steps {
                ModelTurn.emit(.stepStarted(id: step.id, name: step.name), context)
                if stopped {
                    ModelTurn.emit(.stepResult(id: step.id, status: "skipped", result: "an earlier required step failed"), context)
                    ModelTurn.emit(.stepEnded(id: step.id), context)
                    continue
                }
                ModelTurn.emit(.progress(step.description), context)
                let (text, stepOutcomes) = try await runStep(step, state: state, turn: turn, services: services, context: context)
                outcomes += stepOutcomes
                let failed = stepOutcomes.isEmpty || stepOutcomes.contains { !$0.ok }
                let status = failed ? (step.required ? "failed" : "skipped") : "completed"
                ModelTurn.emit(.stepResult(id: step.id, status: status, result: text), context)
                ModelTurn.emit(.stepEnded(id: step.id), context)
                summaries.append(text)
                if failed, step.required { stopped = true }
            }
            let reply = summaries.joined(separator: "\n")
            ModelTurn.emit(.token(reply), context)
            ModelTurn.emit(.multiStepComplete, context)
            await ConversationLog(repository: services.conversations).recordTools(outcomes, turn: turn)
            return Update.set(AssistantKeys.reply, reply).set(AssistantKeys.outcomes, outcomes)
        }
    }

    /// One step: the clause as its own request, up to three tool rounds, non-streamed.
    static func runStep(
        _ step: PlanStep, state: GraphState, turn: TurnInput, services: AssistantServices, context: NodeContext
    ) async throws -> (String, [ToolOutcome]) {
        var stepTurn = turn
        stepTurn.userText = step.description
        var messages = ModelTurn.messages(state, services: services, instructions: .planner, turn: stepTurn)
        var outcomes: [ToolOutcome] = []
        for _ in 0..<3 {
            let completion = try await services.model.complete(ChatRequest(messages: messages, tools: services.tools.specs(for: turn.mode), toolChoice: .auto))
            guard !completion.toolCalls.isEmpty else {
                return (completion.text.isEmpty ? "Done." : completion.text, outcomes)
            }
            messages.append(completion.message)
            for call in completion.toolCalls {
                ModelTurn.emit(.toolCall(id: call.id, name: call.name, arguments: call.arguments), context)
                let outcome = await services.tools.execute(call, turn: stepTurn, runID: "\(context.runID)-\(step.id)")
                ModelTurn.emit(.toolResult(id: call.id, name: call.name, ok: outcome.ok, content: outcome.content), context)
                messages.append(.tool(callID: call.id, content: outcome.content))
                outcomes.append(outcome)
            }
        }
        return ("I stopped this step after three rounds of tools.", outcomes)
    }
}
