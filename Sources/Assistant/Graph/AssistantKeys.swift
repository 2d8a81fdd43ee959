import AgentGraph
import LLM

/// How a turn is answered, decided by the analysis node.
public enum TurnRoute: String, Sendable, Codable, Hashable {
    case direct
    case tools
    case multiStep = "multi_step"
}

/// What the extract-context node understood of the message.
public struct TurnIntent: Sendable, Codable, Hashable {
    public var intent: String
    public var confidence: Double
    public var scheduling: Bool { ["schedule", "reschedule_or_cancel", "delegation_booking"].contains(intent) }
    public var answersNotification: Bool { intent == "answer_notification" }
}

/// One step of a multi-step plan (shown to the client through step control tokens).
public struct PlanStep: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var description: String
    public var required: Bool
    public var estimatedSeconds: Int
}

/// A required step that failed: the plan waits for the owner to say retry, skip or stop.
public struct StepFailure: Sendable, Codable, Hashable {
    public var stepID: String
    public var name: String
    public var result: String
}

/// What a paused plan asks the owner (the interrupt's payload).
public struct PlanQuestion: Sendable, Codable, Hashable {
    public var stepID: String
    public var question: String
}

public struct TurnPlan: Sendable, Codable, Hashable {
    public var route: TurnRoute
    public var reason: String
    public var confidence: Double
    public var steps: [PlanStep]
}

/// The keys of the Perin graph's state. Lists that branches add to use append/merge
/// reducers; everything else is last-value, written by one node per step.
enum AssistantKeys {
    static let turn = StateKey<TurnInput?>("turn")
    static let memory = StateKey<[String]>("memory", default: [])
    static let intent = StateKey<TurnIntent?>("intent")
    static let integrations = StateKey<[String]>("integrations", default: [])
    static let contexts = StateKey<[String: ContextSection]>("contexts", default: [:])
    static let notifications = StateKey<[NotificationItem]>("notifications", default: [])
    static let negotiation = StateKey<[String]>("negotiation", default: [])
    /// Tools the notificationsAction node narrows the planner to (empty: the mode's full set).
    static let focusTools = StateKey<[String]>("focus_tools", default: [])
    static let plan = StateKey<TurnPlan?>("plan")
    /// Planner ⇄ executor messages: assistant tool calls and tool results.
    static let transcript = StateKey<[ChatMessage]>("transcript", default: [])
    static let rounds = StateKey<Int>("rounds", default: 0)
    static let invalidArgumentRounds = StateKey<Int>("invalid_argument_rounds", default: 0)
    static let outcomes = StateKey<[ToolOutcome]>("outcomes", default: [])
    /// The reply text as streamed to the user.
    static let reply = StateKey<String>("reply", default: "")
    /// Multi-step mode: the next step to run, each step's summary, and a failed required
    /// step awaiting the owner's decision.
    static let stepIndex = StateKey<Int>("step_index", default: 0)
    static let stepSummaries = StateKey<[String]>("step_summaries", default: [])
    static let stepFailure = StateKey<StepFailure?>("step_failure")

    static func declare(on builder: inout GraphBuilder) {
        builder.addChannel(turn)
        builder.addChannel(memory)
        builder.addChannel(intent)
        builder.addChannel(integrations)
        builder.addChannel(contexts, reducer: .mergeDictionary())
        // The fan-out may route to loadNotifications, so the validator needs a reducer; it runs once.
        builder.addChannel(notifications, reducer: .custom { current, new in current = new })
        builder.addChannel(negotiation)
        builder.addChannel(focusTools)
        builder.addChannel(plan)
        builder.addChannel(transcript, reducer: .append)
        builder.addChannel(rounds)
        builder.addChannel(invalidArgumentRounds)
        builder.addChannel(outcomes, reducer: .append)
        builder.addChannel(reply)
        builder.addChannel(stepIndex)
        builder.addChannel(stepSummaries, reducer: .append)
        builder.addChannel(stepFailure)
    }
}
