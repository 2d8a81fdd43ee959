import AgentGraph
import Foundation
import LLM

/// Multi-step mode as a loop of graph steps, one plan step each, so the state after every
/// finished step is what a pause keeps: `orchestrator` runs the next step and reports its
/// start, progress, result and end as control tokens; a failed optional step is skipped; a
/// failed required step goes to `stepDecision`, which pauses the run (a graph interrupt,
/// checkpointed) until the owner's next message says retry, skip or stop; `planSummary`
/// streams the summary when the plan is done.
enum OrchestratorNode {
    static func node(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            guard let turn = state[AssistantKeys.turn], let plan = state[AssistantKeys.plan] else { return Update() }
            let index = state[AssistantKeys.stepIndex]
            if index == 0 { ModelTurn.emit(.multiStepInitiated(reason: plan.reason, confidence: plan.confidence), context) }
            guard plan.steps.indices.contains(index) else { return Update() }
            let step = plan.steps[index]
            ModelTurn.emit(.stepStarted(id: step.id, name: step.name), context)
            ModelTurn.emit(.progress(step.description), context)
            let (text, outcomes) = try await runStep(step, state: state, turn: turn, services: services, context: context)
            let failed = outcomes.isEmpty || outcomes.contains { !$0.ok }
            var update = Update.set(AssistantKeys.outcomes, outcomes)
            if failed, step.required {
                ModelTurn.emit(.stepResult(id: step.id, status: "failed", result: text), context)
                return update.set(AssistantKeys.stepFailure, StepFailure(stepID: step.id, name: step.name, result: text))
            }
            ModelTurn.emit(.stepResult(id: step.id, status: failed ? "skipped" : "completed", result: text), context)
            ModelTurn.emit(.stepEnded(id: step.id), context)
            update = update.set(AssistantKeys.stepSummaries, [text])
            return update.set(AssistantKeys.stepIndex, index + 1)
        }
    }

    /// After a step: decide on a failure, run the next step, or sum up.
    @Sendable static func afterStep(_ state: GraphState) -> String {
        if state[AssistantKeys.stepFailure] != nil { return "stepDecision" }
        return state[AssistantKeys.stepIndex] < (state[AssistantKeys.plan]?.steps.count ?? 0) ? "orchestrator" : "planSummary"
    }

    /// Pauses for the owner's answer to a failed required step; on resume, applies it.
    static func decision() -> NodeFunction {
        { state, context in
            guard let failure = state[AssistantKeys.stepFailure], let plan = state[AssistantKeys.plan] else { return Update() }
            let question = "\(failure.name) did not work: \(failure.result) Shall I retry it, skip it, or stop here?"
            let answer = try context.interrupt(PlanQuestion(stepID: failure.stepID, question: question), answer: String.self)
            let decision = decide(answer)
            ModelTurn.emit(.multiStepResumed(stepID: failure.stepID, decision: decision.rawValue), context)
            let index = state[AssistantKeys.stepIndex]
            var update = Update.set(AssistantKeys.stepFailure, nil as StepFailure?)
            switch decision {
            case .retry:
                return update
            case .skip:
                ModelTurn.emit(.stepResult(id: failure.stepID, status: "skipped", result: "skipped at your request"), context)
                ModelTurn.emit(.stepEnded(id: failure.stepID), context)
                update = update.set(AssistantKeys.stepSummaries, ["\(failure.name): skipped."])
                return update.set(AssistantKeys.stepIndex, index + 1)
            case .stop:
                ModelTurn.emit(.stepEnded(id: failure.stepID), context)
                for step in plan.steps.dropFirst(index + 1) {
                    ModelTurn.emit(.stepStarted(id: step.id, name: step.name), context)
                    ModelTurn.emit(.stepResult(id: step.id, status: "skipped", result: "stopped at your request"), context)
                    ModelTurn.emit(.stepEnded(id: step.id), context)
                }
                update = update.set(AssistantKeys.stepSummaries, ["Stopped at \(failure.name); the remaining steps were not run."])
                return update.set(AssistantKeys.stepIndex, plan.steps.count)
            }
        }
    }

    enum Decision: String {
        case retry, skip, stop
    }

    /// The owner's words → a decision; anything unclear stops (doing nothing more is safe).
    static func decide(_ answer: String) -> Decision {
        let words = Set(answer.lowercased().split { !$0.isLetter }.map(String.init))
        if !words.isDisjoint(with: ["retry", "again", "redo"]) { return .retry }
        if !words.isDisjoint(with: ["skip", "continue", "next", "proceed", "ignore"]) { return .skip }
        return .stop
    }

    /// The plan is done: the summary as the reply, and the tool calls into the log.
    static func summary(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            guard let turn = state[AssistantKeys.turn] else { return Update() }
            let reply = state[AssistantKeys.stepSummaries].joined(separator: "\n")
            ModelTurn.emit(.token(reply), context)
            ModelTurn.emit(.multiStepComplete, context)
            await ConversationLog(repository: services.conversations).recordTools(state[AssistantKeys.outcomes], turn: turn)
            return .set(AssistantKeys.reply, reply)
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
