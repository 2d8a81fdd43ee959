import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Google's OAuth2 and the Gmail / Calendar endpoints Perin uses, on 127.0.0.1 (random port):
/// authorize (auto-consent redirect), token (authorization_code with the PKCE S256 check,
/// refresh_token, optional rotation, `invalid_grant` after revocation), revoke, userinfo, Gmail
/// list/get, Calendar list/get/insert/patch/delete/freeBusy; switchable faults; request counters.
public final class FakeGoogleServer: Sendable {
    struct Grant {
        var email: String
        var scopes: [String]
        var revoked = false
    }

    struct PendingCode {
        var redirectURI: String
        var challenge: String
        var scopes: [String]
    }

    struct State {
        var codes: [String: PendingCode] = [:]
        var grants: [String: Grant] = [:]
        var refreshTokens: [String: String] = [:]
        var accessTokens: [String: (grant: String, expiresAt: Date)] = [:]
        var counters: [String: Int] = [:]
        var faults: [FakeGoogleScope: [FakeGoogleFault]] = [:]
        var messages: [String: [FakeGmailMessage]] = [:]
        var events: [String: [FakeCalendarEvent]] = [:]
        var lastAuthorizeQuery: [String: String] = [:]
        var lastQueries: [String: [String: String]] = [:]
        var pkceFailures = 0
        // Behaviour switches.
        var account = "owner@example.com"
        var deny = false
        var grantedScopes: [String]?
        var rotateRefreshTokens = false
        var accessTokenLifetime = 3600
        var files: [String: String] = [:]
    }

    public let clientID = "fake-client-id.apps.googleusercontent.com"
    public let clientSecret = "fake-client-secret"
    let state = Mutex(State())
    private let port = Mutex(0)
    private let runTask = Mutex<Task<Void, any Error>?>(nil)

    private init() {}

    /// Starts a server and returns once it accepts connections.
    public static func start() async throws -> FakeGoogleServer {
        let server = FakeGoogleServer()
        let router = Router()
        server.addOAuthRoutes(router)
        server.addGmailRoutes(router)
        server.addCalendarRoutes(router)
        router.get("/files/{name}") { _, context in
            let name = context.parameters.get("name") ?? ""
            server.bump("files")
            guard let text = server.state.withLock({ $0.files[name] }) else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "perin.fake-google")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fake-google"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task { try await app.runService() }
        server.runTask.withLock { $0 = task }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            throw StartError()
        }
        server.port.withLock { $0 = bound }
        return server
    }

    struct StartError: Error {}

    public func stop() async {
        let task = runTask.withLock { $0 }
        task?.cancel()
        _ = await task?.result
    }

    public var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 })" }

    /// The environment that points Perin at this fake (`GoogleConfiguration.fromEnvironment`).
    public var environment: [String: String] {
        [
            "GOOGLE_CLIENT_ID": clientID, "GOOGLE_CLIENT_SECRET": clientSecret,
            "GOOGLE_AUTH_URL": "\(baseURL)/o/oauth2/v2/auth", "GOOGLE_TOKEN_URL": "\(baseURL)/token",
            "GOOGLE_REVOKE_URL": "\(baseURL)/revoke", "GOOGLE_USERINFO_URL": "\(baseURL)/v1/userinfo",
            "GMAIL_API_BASE_URL": "\(baseURL)/gmail/v1", "GOOGLE_CALENDAR_API_BASE_URL": "\(baseURL)/calendar/v3",
        ]
    }

    // MARK: Controls

    /// How many requests reached `name` (`authorize`, `token.code`, `token.refresh`, `revoke`,
    /// `userinfo`, `gmail.list`, `gmail.get`, `calendar.list`, `calendar.get`, `calendar.insert`,
    /// `calendar.patch`, `calendar.delete`, `calendar.freeBusy`).
    public func count(_ name: String) -> Int { state.withLock { $0.counters[name, default: 0] } }
    public var pkceFailures: Int { state.withLock { $0.pkceFailures } }
    /// The query of the last authorize request, decoded.
    public var lastAuthorizeQuery: [String: String] { state.withLock { $0.lastAuthorizeQuery } }
    /// The query of the last request to `name`, decoded.
    public func lastQuery(_ name: String) -> [String: String] { state.withLock { $0.lastQueries[name] ?? [:] } }

    public func setAccount(_ email: String) { state.withLock { $0.account = email } }
    public func setDeny(_ deny: Bool) { state.withLock { $0.deny = deny } }
    /// Grant these scopes instead of the requested ones (nil: grant what is asked).
    public func setGrantedScopes(_ scopes: [String]?) { state.withLock { $0.grantedScopes = scopes } }
    public func setRotateRefreshTokens(_ rotate: Bool) { state.withLock { $0.rotateRefreshTokens = rotate } }
    public func setAccessTokenLifetime(_ seconds: Int) { state.withLock { $0.accessTokenLifetime = seconds } }

    /// Drops every queued fault.
    public func clearFaults() { state.withLock { $0.faults = [:] } }

    /// Queues `fault` for the next `times` requests of `scope`.
    public func enqueueFault(_ fault: FakeGoogleFault, scope: FakeGoogleScope, times: Int = 1) {
        state.withLock { $0.faults[scope, default: []] += Array(repeating: fault, count: times) }
    }

    /// Revokes every grant of the account, as the owner would from their Google settings.
    public func revokeAll(account: String? = nil) {
        state.withLock { state in
            let email = account ?? state.account
            for (id, grant) in state.grants where grant.email == email { state.grants[id]?.revoked = true }
        }
    }

    /// Makes every issued access token invalid (the next API call answers 401).
    public func expireAccessTokens() {
        state.withLock { state in
            for key in state.accessTokens.keys { state.accessTokens[key]?.expiresAt = .distantPast }
        }
    }

    /// True when `token` appears among the tokens this fake issued (access or refresh).
    public func issued(_ token: String) -> Bool {
        state.withLock { $0.accessTokens[token] != nil || $0.refreshTokens[token] != nil }
    }

    /// Every token this fake ever issued and still knows.
    public var issuedTokens: [String] { state.withLock { Array($0.accessTokens.keys) + Array($0.refreshTokens.keys) } }

    /// Opens Perin's `authUrl` at the fake, as a browser would (the fake consents at once), and
    /// returns where it redirects: Perin's callback URL with `code` and `state`.
    public func consent(authURL: String) async throws -> String {
        let response = try await Self.noRedirectClient.execute(HTTPClientRequest(url: authURL), timeout: .seconds(10))
        guard response.status == .found, let location = response.headers.first(name: "Location") else {
            throw TestDatabaseError("authorize did not redirect: \(response.status)")
        }
        return location
    }

    /// An HTTP client that does not follow redirects, for the test process (never shut down, so
    /// never deinitialised while live).
    public static let noRedirectClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    /// Serves `text` at `\(baseURL)/files/\(name)` (an .ics feed for subscription tests).
    @discardableResult
    public func serveFile(_ name: String, text: String) -> String {
        state.withLock { $0.files[name] = text }
        return "\(baseURL)/files/\(name)"
    }

    public func addMessages(_ messages: [FakeGmailMessage], account: String? = nil) {
        state.withLock { state in state.messages[account ?? state.account, default: []] += messages }
    }

    public func addEvents(_ events: [FakeCalendarEvent], account: String? = nil) {
        state.withLock { state in state.events[account ?? state.account, default: []] += events }
    }

    public func events(account: String? = nil) -> [FakeCalendarEvent] {
        state.withLock { state in state.events[account ?? state.account] ?? [] }
    }

    // MARK: Helpers shared by the route files

    func bump(_ name: String, query: [String: String]? = nil) {
        state.withLock { state in
            state.counters[name, default: 0] += 1
            if let query { state.lastQueries[name] = query }
        }
    }

    /// The next queued fault of `scope`, applied: a response to send instead, or nil to go on.
    func fault(_ scope: FakeGoogleScope) async throws -> Response? {
        let fault: FakeGoogleFault? = state.withLock { state in
            guard var queue = state.faults[scope], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            state.faults[scope] = queue
            return first
        }
        switch fault {
        case nil: return nil
        case .slow(let duration):
            try await Task.sleep(for: duration)
            return nil
        case .unauthorized: return Self.unauthorized()
        case .rateLimited(let retryAfter):
            var headers: HTTPFields = [:]
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            return Self.googleError(429, "Too Many Requests", reason: "rateLimitExceeded", status: "RESOURCE_EXHAUSTED", headers: headers)
        case .rateLimitExceeded403:
            return Self.googleError(403, "Rate Limit Exceeded", reason: "rateLimitExceeded", status: "PERMISSION_DENIED")
        case .serverError:
            return Self.googleError(500, "Backend Error", reason: "backendError", status: "INTERNAL")
        }
    }

    /// The account the bearer token belongs to, or nil (expired, revoked, unknown).
    func account(for request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        let token = String(header.dropFirst(7))
        return state.withLock { state in
            guard let entry = state.accessTokens[token], entry.expiresAt > Date(),
                  let grant = state.grants[entry.grant], !grant.revoked else { return nil }
            return grant.email
        }
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=UTF-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Google's API error envelope.
    static func googleError(_ code: Int, _ message: String, reason: String, status: String, headers: HTTPFields = [:]) -> Response {
        json(["error": ["code": code, "message": message, "errors": [["message": message, "domain": "global", "reason": reason]], "status": status]],
             status: HTTPResponse.Status(code: code), headers: headers)
    }

    static func unauthorized() -> Response {
        googleError(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                    reason: "authError", status: "UNAUTHENTICATED", headers: [.wwwAuthenticate: "Bearer realm=\"https://accounts.google.com/\""])
    }

    static func query(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { result[String(key)] = String(value) }
        return result
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func parseDate(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    static func token(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
