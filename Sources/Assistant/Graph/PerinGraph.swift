import AgentGraph
import Foundation
import LLM

/// The Perin chat graph of DESIGN.md:
///
///     START → loadMemory ∥ extractContext → detectIntegrations → loadIntegrationContext ×N
///       → loadNotifications → [negotiation] → [notificationsAction] → analysis
///       → orchestrator ⟲ [stepDecision: pause] → planSummary | planner ⇄ toolExecutor → responder
///       | responder → persist → END
public enum PerinGraph {
    public static func build(_ services: AssistantServices, checkpointer: (any Checkpointer)? = nil) throws -> CompiledGraph {
        var builder = GraphBuilder()
        AssistantKeys.declare(on: &builder)
        let optional = NodePolicy(timeout: services.contextTimeout + .seconds(1), degradeOnFailure: true)

        builder.addNode("loadMemory", policy: optional, writes: [AssistantKeys.memory], ContextNodes.loadMemory(services))
        builder.addNode("extractContext", writes: [AssistantKeys.intent], ContextNodes.extractContext(services))
        builder.addNode("detectIntegrations", writes: [AssistantKeys.integrations], ContextNodes.detectIntegrations(services))
        builder.addNode(ContextNodes.loadIntegrationNode, policy: optional, writes: [AssistantKeys.contexts], ContextNodes.loadIntegrationContext(services))
        builder.addNode("loadNotifications", policy: optional, writes: [AssistantKeys.notifications], ContextNodes.loadNotifications(services))
        builder.addNode("negotiation", policy: optional, writes: [AssistantKeys.negotiation], ContextNodes.negotiation(services))
        builder.addNode("notificationsAction", writes: [AssistantKeys.focusTools], ContextNodes.notificationsAction(services))
        builder.addNode("analysis", writes: [AssistantKeys.plan], AnalysisNode.node(services))
        builder.addNode("orchestrator", writes: [AssistantKeys.outcomes, AssistantKeys.stepFailure, AssistantKeys.stepSummaries, AssistantKeys.stepIndex],
                        OrchestratorNode.node(services))
        builder.addNode("stepDecision", writes: [AssistantKeys.stepFailure, AssistantKeys.stepSummaries, AssistantKeys.stepIndex],
                        OrchestratorNode.decision())
        builder.addNode("planSummary", writes: [AssistantKeys.reply], OrchestratorNode.summary(services))
        builder.addNode("planner", writes: [AssistantKeys.transcript, AssistantKeys.reply], PlannerNodes.planner(services))
        builder.addNode("toolExecutor", writes: [AssistantKeys.transcript, AssistantKeys.outcomes, AssistantKeys.rounds, AssistantKeys.invalidArgumentRounds],
                        PlannerNodes.executor(services))
        builder.addNode("responder", writes: [AssistantKeys.reply], ResponderNode.node(services))
        builder.addNode("persist", PersistNode.node(services))

        builder.addEdge(from: GraphNode.start, to: "loadMemory")
        builder.addEdge(from: GraphNode.start, to: "extractContext")
        builder.addEdge(from: "loadMemory", to: "detectIntegrations")
        builder.addEdge(from: "extractContext", to: "detectIntegrations")
        builder.addFanOut(from: "detectIntegrations", targets: [ContextNodes.loadIntegrationNode, "loadNotifications"]) { state in
            let types = state[AssistantKeys.integrations]
            return types.isEmpty ? [Send("loadNotifications")] : types.map { Send(ContextNodes.loadIntegrationNode, input: $0) }
        }
        builder.addEdge(from: ContextNodes.loadIntegrationNode, to: "loadNotifications")
        builder.addConditionalEdge(from: "loadNotifications", targets: ["negotiation", "notificationsAction", "analysis"]) { state in
            let intent = state[AssistantKeys.intent]
            if intent?.scheduling == true, state[AssistantKeys.turn]?.mode == .owner { return "negotiation" }
            return afterNegotiation(state)
        }
        builder.addConditionalEdge(from: "negotiation", targets: ["notificationsAction", "analysis"], afterNegotiation)
        builder.addEdge(from: "notificationsAction", to: "analysis")
        builder.addConditionalEdge(from: "analysis", targets: ["orchestrator", "planner", "responder"]) { state in
            switch state[AssistantKeys.plan]?.route ?? .direct {
            case .multiStep: "orchestrator"
            case .tools: "planner"
            case .direct: "responder"
            }
        }
        builder.addConditionalEdge(from: "planner", targets: ["toolExecutor", "responder"], PlannerNodes.afterPlanner)
        builder.addConditionalEdge(from: "toolExecutor", targets: ["planner", "responder"], PlannerNodes.afterExecutor(services))
        builder.addConditionalEdge(from: "orchestrator", targets: ["stepDecision", "orchestrator", "planSummary"], OrchestratorNode.afterStep)
        builder.addConditionalEdge(from: "stepDecision", targets: ["stepDecision", "orchestrator", "planSummary"], OrchestratorNode.afterStep)
        builder.addEdge(from: "planSummary", to: "persist")
        builder.addEdge(from: "responder", to: "persist")
        builder.addEdge(from: "persist", to: GraphNode.end)
        return try builder.compile(checkpointer: checkpointer)
    }

    @Sendable static func afterNegotiation(_ state: GraphState) -> String {
        let answers = state[AssistantKeys.intent]?.answersNotification == true
        return answers && !state[AssistantKeys.notifications].isEmpty ? "notificationsAction" : "analysis"
    }

    /// The graph's input for a turn.
    public static func input(_ turn: TurnInput) -> Update {
        .set(AssistantKeys.turn, turn)
    }

    /// The reply of a finished run.
    public static func reply(_ state: GraphState) -> String { state[AssistantKeys.reply] }
}

/// END of a turn: keeps the owner's memory within its cap. (The reply itself is stored by
/// `ChatService`, which also stores a cut reply as partial.)
enum PersistNode {
    static func node(_ services: AssistantServices) -> NodeFunction {
        { state, _ in
            guard let turn = state[AssistantKeys.turn], turn.mode == .owner,
                  state[AssistantKeys.outcomes].contains(where: { $0.name == "memory_save" && $0.ok }) else { return Update() }
            try? await services.memory.prune(userID: turn.profile.userID, now: turn.now)
            return Update()
        }
    }
}
