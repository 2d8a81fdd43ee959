import Foundation
import Hummingbird
import Integrations
import Logging
import NIOCore
import Scheduling
import ServiceLifecycle
import Storage

/// Builds the Hummingbird application: the middleware every route gets, then the routes.
///
/// Middleware order, outermost first: envelope (request id, JSON errors, security headers) →
/// observation (access log, metrics) → body limit → authentication. Route groups add their own
/// rate limits; authenticated groups switch to `AuthenticatedContext`.
public struct PerinApplication: Sendable {
    public let configuration: ServerConfiguration
    public let database: PerinDatabase
    public let logger: Logger
    public let metrics: HTTPMetrics
    public let rateLimiter: RateLimiter
    public let authenticator: Authenticator
    /// Extra health components (circuit breakers and the like), name → state.
    public var healthComponents: @Sendable () -> [String: String] = { [:] }
    /// The assistant (chat, classify, memory ranking); without it the chat routes are absent.
    public var assistant: AssistantRuntime?
    /// Calendar, notifications and chat for delegation links and agent-to-agent scheduling.
    public var scheduling = SchedulingHooks()
    /// Manifests, OAuth2 tokens, Google clients, calendars, context loaders. `PerinServer` sets
    /// one with the data folder's key; tests set one pointed at a fake Google.
    public var integrations: IntegrationHub

    public init(configuration: ServerConfiguration, database: PerinDatabase, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.logger = logger
        self.metrics = HTTPMetrics()
        self.rateLimiter = RateLimiter()
        self.authenticator = Authenticator(database: database)
        self.integrations = IntegrationHub.makeDefault(configuration: configuration, database: database, logger: logger)
    }

    public func buildRouter() -> Router<PerinRequestContext> {
        let router = Router(context: PerinRequestContext.self)
        router.add(middleware: FrontDoorMiddleware(authenticator: authenticator, metrics: metrics))

        let limits = configuration.rateLimits
        let users = UserRepository(database: database)
        let audit = AuditLogRepository(database: database)

        let extraComponents = healthComponents
        let runtime = assistant
        let components: @Sendable () -> [String: String] = {
            extraComponents().merging(runtime?.healthComponents() ?? [:]) { first, _ in first }
        }
        HealthController(probe: HealthProbe(database: database), databaseKind: database.kind, startedAt: .now, components: components)
            .addRoutes(to: router)
        MetricsController(metrics: metrics).addRoutes(to: router)
        HomeController().addRoutes(to: router)
        WebAuthController(
            users: users, sessions: WebSessionRepository(database: database), audit: audit, secureCookies: configuration.usesHTTPS
        ).addRoutes(to: router, loginLimit: limit(PerinRequestContext.self, "login", limits.loginPerMinute))

        let api = router.group("/api", context: AuthenticatedContext.self)
            .add(middleware: limit(AuthenticatedContext.self, "api", limits.apiPerMinute))
        ProfileController(
            users: users, tokens: APITokenRepository(database: database), authenticator: authenticator, audit: audit
        ).addRoutes(to: api)
        MemoryController(memories: MemoryRepository(database: database))
            .addRoutes(to: api.group("ai/memory").add(middleware: limit(AuthenticatedContext.self, "memory", limits.memoryPerMinute)))
        ConversationController(conversations: ConversationRepository(database: database))
            .addRoutes(to: api.group("conversations"))
        if let assistant {
            ChatController(runtime: assistant).addRoutes(
                chat: router.group("/api/ai/chat", context: AuthenticatedContext.self)
                    .add(middleware: limit(AuthenticatedContext.self, "chat", limits.chatPerMinute)),
                api: api)
        }
        DelegationRoutes(
            bookings: BookingService(database: database, calendar: scheduling.calendar ?? IntegrationsOwnerCalendar(service: integrations.calendar),
                                     notifier: scheduling.notifier ?? NotificationBookingNotifier(notifications: NotificationRepository(database: database), logger: logger),
                                     publicURL: configuration.publicURL, now: scheduling.now),
            audit: audit, rateLimiter: rateLimiter, perIPPerMinute: limits.publicPerMinute,
            perLinkPerMinute: limits.publicPerMinute * 10,
            chat: scheduling.delegationChat ?? assistant?.delegation.map { AssistantDelegationChat(chat: $0, audit: audit) }
        ).addRoutes(publicRouter: router, api: api)
        NotificationsController(notifications: NotificationRepository(database: database), hub: NotificationHub(database: database, logger: logger), audit: audit)
            .addRoutes(to: api.group("notifications"))
        NetworkController(sessions: .server(
            database: database, calendar: scheduling.calendar ?? IntegrationsOwnerCalendar(service: integrations.calendar), logger: logger, now: scheduling.now
        ), audit: audit).addRoutes(to: api.group("network"))
        IntegrationsController(hub: integrations, connections: IntegrationConnectionRepository(database: database), audit: audit)
            .addRoutes(to: api.group("integrations"))
        let calendarFeeds = CalendarFeedRepository(database: database)
        CalendarController(hub: integrations, feeds: calendarFeeds, publicURL: configuration.publicURL)
            .addRoutes(to: api.group("calendar"))
        CalendarExportController(hub: integrations, feeds: calendarFeeds, users: users)
            .addRoutes(to: router.group().add(middleware: limit(PerinRequestContext.self, "public", limits.publicPerMinute)))
        return router
    }

    func limit<Context: RateLimitSubjectProviding>(_ context: Context.Type, _ bucket: String, _ perMinute: Int) -> RateLimitMiddleware<Context> {
        RateLimitMiddleware(limiter: rateLimiter, policy: RateLimitPolicy(bucket: bucket, limit: perMinute))
    }

    /// The HTTP application. The database is not one of its services: whoever owns the
    /// database runs it (`PerinServer` in a service group, tests around each test).
    public func buildApplication(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "perin"),
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
