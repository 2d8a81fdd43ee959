import Foundation
import LLM

/// Who the agent speaks for in a turn: the owner (all owner tools) or an external contact
/// through a delegation link (only the two delegation tools, enforced by the executor).
public enum ChatMode: String, Sendable, Codable, Hashable {
    case owner
    case delegation
}

/// The owner's agent settings for a turn: name, tone, zone, specialization.
public struct AgentProfile: Sendable, Codable, Hashable {
    public var userID: String
    public var ownerName: String
    public var perinName: String
    public var tone: String
    public var timeZone: String
    public var specialization: String?

    public init(userID: String, ownerName: String, perinName: String, tone: String, timeZone: String, specialization: String? = nil) {
        self.userID = userID
        self.ownerName = ownerName
        self.perinName = perinName
        self.tone = tone
        self.timeZone = timeZone
        self.specialization = specialization
    }

    /// The zone, falling back to UTC for an unknown identifier.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }
}

/// Everything one chat turn starts from. Codable, so it lives in the graph state and in
/// checkpoints: a resumed run sees exactly the input it started with.
public struct TurnInput: Sendable, Codable, Hashable {
    public var profile: AgentProfile
    public var mode: ChatMode
    /// Earlier messages (user/assistant), oldest first, then the new user message last.
    public var history: [ChatMessage]
    public var userText: String
    public var conversationID: String?
    /// Integrations the client asks for explicitly ("google-calendar", "gmail", …).
    public var requestedIntegrations: [String]
    public var now: Date
    /// Delegation runs: the link's constraints and visitor, as prompt lines.
    public var delegationNotes: [String]
    /// Set by `ChatService.prepare`: this message answers the conversation's paused plan.
    public var answersPausedPlan = false

    public init(
        profile: AgentProfile, mode: ChatMode = .owner, history: [ChatMessage] = [], userText: String,
        conversationID: String? = nil, requestedIntegrations: [String] = [], now: Date = Date(), delegationNotes: [String] = []
    ) {
        self.profile = profile
        self.mode = mode
        self.history = history
        self.userText = userText
        self.conversationID = conversationID
        self.requestedIntegrations = requestedIntegrations
        self.now = now
        self.delegationNotes = delegationNotes
    }

    public var clock: UserClock { UserClock(now: now, timeZone: profile.zone) }
}
