import Foundation
import LLM
import Logging
import Storage

/// Everything the Integrations module offers, wired once per process: the manifest registry,
/// the OAuth2 flow and token manager, the Google clients, the calendar service (Google or
/// local, plus .ics feeds) and the context loaders the chat graph calls.
public struct IntegrationHub: Sendable {
    public let registry: ManifestRegistry
    public let google: GoogleConfiguration
    public let tokens: TokenManager
    public let oauth: OAuthFlow
    public let gmail: GmailClient
    public let googleCalendar: GoogleCalendarClient
    public let calendar: CalendarService
    public let ics: CalendarICS
    public let feedRefresher: ICSFeedRefresher
    public let contexts: ContextLoaderSet
    public let breakers: CircuitBreakerRegistry
    let connections: IntegrationConnectionRepository

    public init(
        database: PerinDatabase,
        registry: ManifestRegistry,
        google: GoogleConfiguration,
        publicURL: String,
        cipher: TokenCipher,
        breakers: CircuitBreakerRegistry = CircuitBreakerRegistry(),
        http: GoogleHTTP = GoogleHTTP(),
        retryPolicy: RetryPolicy = .default,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "perin.integrations")
    ) {
        self.registry = registry
        self.google = google
        self.breakers = breakers
        let oauthClient = OAuthClient(
            configuration: google, http: http,
            resilience: ResilientCall(breaker: breakers.breaker(named: "google-oauth"), policy: retryPolicy, sleep: sleep)
        )
        self.tokens = TokenManager(database: database, cipher: cipher, oauth: oauthClient, now: now, logger: logger)
        self.oauth = OAuthFlow(registry: registry, configuration: google, publicURL: publicURL, database: database,
                               cipher: cipher, oauth: oauthClient, tokens: tokens, now: now)
        let api = GoogleAPI(http: http, tokens: tokens, breakers: breakers, policy: retryPolicy, sleep: sleep)
        self.gmail = GmailClient(api: api, baseURL: google.gmailBaseURL)
        self.googleCalendar = GoogleCalendarClient(api: api, baseURL: google.calendarBaseURL)
        self.calendar = CalendarService(database: database, google: GoogleCalendarProvider(client: googleCalendar))
        self.ics = CalendarICS(local: calendar.local, now: now)
        self.feedRefresher = ICSFeedRefresher(database: database, http: http, logger: logger, now: now)
        self.contexts = ContextLoaderSet(registry: registry, loaders: [
            GmailContextLoader(client: gmail, database: database),
            CalendarContextLoader(calendar: calendar, database: database, now: now),
            ICSFeedContextLoader(database: database, now: now),
        ])
        self.connections = IntegrationConnectionRepository(database: database)
    }

    /// The context of each requested integration type, loaded in parallel, each within
    /// `timeout`; failures come back as `degraded` / `needsReauth` contexts, never as errors.
    public func loadContexts(userID: String, types: [String], timeout: Duration = .seconds(3)) async -> [IntegrationContext] {
        await contexts.loadContexts(userID: userID, types: types, timeout: timeout)
    }

    /// Integration types whose account the owner must connect again.
    public func reauthRequired(userID: String) async throws -> [String] {
        try await tokens.reauthRequired(userID: userID)
    }

    /// Types the owner has connected (any state).
    public func connectedTypes(userID: String) async throws -> [String] {
        try await connections.list(userID: userID).map(\.type)
    }

    /// Types worth loading context for given a message: keyword matches among the manifests,
    /// narrowed to what the owner can use (connected accounts, the local calendar, feeds).
    public func relevantTypes(userID: String, message: String, requested: [String] = []) async throws -> [String] {
        let connected = Set(try await connectedTypes(userID: userID))
        let googleCalendar = connected.contains(CalendarService.googleType)
        let candidates = registry.types(matching: message) + requested
        var result: [String] = []
        for type in candidates where !result.contains(type) {
            guard let manifest = registry.manifest(type), manifest.status != .planned else { continue }
            switch manifest.auth {
            case .oauth2 where connected.contains(type): result.append(type)
            case .none where !(type == "local-calendar" && googleCalendar): result.append(type)
            case .url: result.append(type)
            default: continue
            }
        }
        return result
    }
}
