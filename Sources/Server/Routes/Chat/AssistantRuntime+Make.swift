import Assistant
import AsyncHTTPClient
import Foundation
import Integrations
import LLM
import Logging
import Scheduling
import Storage

extension AssistantRuntime {
    /// The assistant wired for a server: the model from the environment (OpenAI-compatible
    /// behind resilience, else offline), prompts from `PROMPTS_DIR`, the integrations'
    /// calendar and context loaders, memory in the database.
    public static func make(
        configuration: ServerConfiguration, database: PerinDatabase, integrations: IntegrationHub?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        model: (any ChatModel)? = nil, calendar: (any AssistantCalendar)? = nil,
        extraSources: [any ContextSource] = [], breakers: CircuitBreakerRegistry? = nil,
        network: NetworkSessions? = nil, logger: Logger
    ) throws -> AssistantRuntime {
        let breakers = breakers ?? integrations?.breakers ?? CircuitBreakerRegistry()
        let prompts = try PromptLibrary(directory: configuration.promptsDirectory)
        let chosen = model ?? ChatModelFactory.make(environment: environment, breakers: breakers) { OfflineChatModel() }
        let calendar = calendar ?? integrations.map { ProviderCalendar(provider: $0.calendar) } ?? InMemoryCalendar()
        let memory = MemoryService(repository: MemoryRepository(database: database))
        var sources: [any ContextSource] = [CalendarContextSource(calendar: calendar)]
        if let integrations {
            for type in ["gmail", "ics-feed"] where integrations.registry.manifest(type) != nil {
                sources.append(HubContextSource(hub: integrations, type: type))
            }
        }
        sources += extraSources
        // Agent-to-agent sessions book on the owners' calendars (Integrations: Google or local);
        // without integrations the network tools say they are not connected.
        let notificationRows = NotificationRepository(database: database)
        let sessions = network ?? integrations.map {
            NetworkSessions.server(database: database, calendar: IntegrationsOwnerCalendar(service: $0.calendar), logger: logger)
        }
        let networkPort: any NetworkScheduling = sessions.map { SessionNetworkScheduling(sessions: $0) } ?? NetworkUnavailable()
        let notifications = NotificationActions(notifications: notificationRows, sessions: sessions)
        let services = AssistantServices(
            model: chosen, prompts: prompts,
            tools: AssistantServices.standardTools(calendar: calendar, memory: memory, notifications: notifications, network: networkPort,
                                                   mail: integrations.map { GmailMail(client: $0.gmail) } ?? MailUnavailable()),
            memory: memory, contextSources: sources, notifications: notifications, network: networkPort,
            conversations: ConversationRepository(database: database), logger: logger)
        // Visitors of a delegation link: no owner context (titles stay private), only the two
        // delegation tools; slots and bookings come from the link's `BookingService`.
        let delegation = AssistantServices(
            model: chosen, prompts: prompts, tools: ToolRegistry(OwnerTools.delegation(LinkDelegationBooking())),
            memory: memory, contextSources: [], conversations: ConversationRepository(database: database), logger: logger)
        return AssistantRuntime(
            chat: try ChatService(services: services, checkpointer: SQLCheckpointer(database: database)), classifier: MessageClassifier(model: chosen, prompts: prompts), breakers: breakers,
            delegation: try ChatService(services: delegation))
    }
}

extension AssistantRuntime {
    /// For `perin chat --local`: the assistant over this data folder's integrations (the
    /// persistent local calendar and any connected accounts), as the server would build it.
    public static func makeStandalone(configuration: ServerConfiguration, database: PerinDatabase, logger: Logger) throws -> AssistantRuntime {
        try make(configuration: configuration, database: database,
                 integrations: IntegrationHub.makeDefault(configuration: configuration, database: database, logger: logger), logger: logger)
    }
}
