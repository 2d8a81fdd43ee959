import Foundation
import LLM
import Logging
import Storage

/// What the graph's nodes work with. Every outside dependency is a protocol, so tests and
/// the other modules (integrations, network, delegation) plug in their own.
public struct AssistantServices: Sendable {
    public var model: any ChatModel
    public var prompts: PromptLibrary
    public var tools: ToolRegistry
    public var memory: MemoryService
    public var contextSources: [any ContextSource]
    public var notifications: any AssistantNotifications
    public var network: any NetworkScheduling
    public var conversations: ConversationRepository
    /// Per-integration context deadline (a slow one degrades).
    public var contextTimeout: Duration
    /// Planner ⇄ executor rounds before the responder must answer.
    public var maxToolRounds: Int
    public var logger: Logger

    public init(
        model: any ChatModel, prompts: PromptLibrary, tools: ToolRegistry, memory: MemoryService,
        contextSources: [any ContextSource], notifications: any AssistantNotifications = NoNotifications(),
        network: any NetworkScheduling = NetworkUnavailable(), conversations: ConversationRepository,
        contextTimeout: Duration = .seconds(3), maxToolRounds: Int = 5, logger: Logger = Logger(label: "perin.assistant")
    ) {
        self.model = model
        self.prompts = prompts
        self.tools = tools
        self.memory = memory
        self.contextSources = contextSources
        self.notifications = notifications
        self.network = network
        self.conversations = conversations
        self.contextTimeout = contextTimeout
        self.maxToolRounds = maxToolRounds
        self.logger = logger
    }

    /// The standard tool set over a calendar, memory, notifications, network and delegation.
    public static func standardTools(
        calendar: any AssistantCalendar, memory: MemoryService, notifications: any AssistantNotifications = NoNotifications(),
        network: any NetworkScheduling = NetworkUnavailable(), delegation: any DelegationBooking = DelegationUnavailable(),
        mail: any AssistantMail = MailUnavailable()
    ) -> ToolRegistry {
        ToolRegistry(
            OwnerTools.calendar(calendar) + [OwnerTools.mail(mail), OwnerTools.memory(memory), OwnerTools.notifications(notifications)]
                + OwnerTools.network(network) + OwnerTools.delegation(delegation))
    }
}
