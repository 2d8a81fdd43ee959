import AgentGraph
import Foundation
import LLM

/// Decides how the turn is answered: several dependent steps (orchestrator), tools
/// (planner ⇄ executor) or a direct streamed answer from context.
enum AnalysisNode {
    // Email questions use the read-only `gmail_search` tool: the context holds only the newest few messages.
    static let toolIntents: Set<String> = ["schedule", "reschedule_or_cancel", "remember_fact", "answer_notification", "delegation_booking", "email_question"]

    static func node(_ services: AssistantServices) -> NodeFunction {
        { state, _ in
            guard let turn = state[AssistantKeys.turn] else { return Update() }
            let intent = state[AssistantKeys.intent]
            let clauses = MultiStepAnalyzer.actionableClauses(turn.userText)
            if turn.mode == .owner, clauses.count >= 2 {
                let steps = clauses.enumerated().map { index, clause in
                    PlanStep(id: "s\(index + 1)", name: MultiStepAnalyzer.stepName(clause), description: clause,
                             required: !clause.lowercased().contains("if possible"), estimatedSeconds: 3)
                }
                return .set(AssistantKeys.plan, TurnPlan(route: .multiStep, reason: "\(steps.count) dependent actions", confidence: 0.8, steps: steps))
            }
            let needsTools = turn.mode == .delegation || toolIntents.contains(intent?.intent ?? "") || !state[AssistantKeys.focusTools].isEmpty
            let route: TurnRoute = needsTools ? .tools : .direct
            return .set(AssistantKeys.plan, TurnPlan(route: route, reason: intent?.intent ?? "unknown", confidence: intent?.confidence ?? 0.5, steps: []))
        }
    }
}

/// Splits "Schedule lunch with Sam Friday at 12, then remember that Sam is vegetarian" into
/// the clauses that each ask for an action.
enum MultiStepAnalyzer {
    static func actionableClauses(_ text: String) -> [String] {
        var pieces = [text]
        for separator in [", and then ", " and then ", ", then ", " then ", "; ", ". Then ", ". After that, ", " after that "] {
            pieces = pieces.flatMap { $0.components(separatedBy: separator) }
        }
        let clauses = pieces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".,"))) }
            .filter { !$0.isEmpty }
        guard clauses.count >= 2 else { return [] }
        let classifier = IntentClassifier()
        let actionable = clauses.filter { AnalysisNode.toolIntents.contains(classifier.classify($0).intent.rawValue) }
        return actionable.count == clauses.count ? clauses : []
    }

    static func stepName(_ clause: String) -> String {
        switch IntentClassifier().classify(clause).intent {
        case .schedule: "Schedule"
        case .rememberFact: "Remember"
        case .rescheduleOrCancel: "Change event"
        case .answerNotification: "Answer notification"
        default: "Act"
        }
    }
}
