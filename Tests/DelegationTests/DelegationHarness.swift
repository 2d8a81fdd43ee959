import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Integrations
import LLM
import Logging
import NIOCore
import NIOHTTP1
import PerinTesting
import Scheduling
@testable import Server
import Storage
import Synchronization

/// A clock tests can move.
final class TestClock: Sendable {
    private let value: Mutex<Date>
    init(_ date: Date) { value = Mutex(date) }
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A live Perin server on loopback with a fixed clock, plus an HTTP client for concurrent
/// requests (AsyncHTTPClient, one connection per in-flight request).
struct DelegationHarness: Sendable {
    let database: PerinDatabase
    let baseURL: String
    let clock: TestClock

    /// Monday 2026-03-23 08:00 UTC (09:00 in Berlin).
    static let monday = ISO8601DateFormatter().date(from: "2026-03-23T08:00:00Z")!

    static var manifestsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Integrations").standardized.path
    }

    static func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.host = "127.0.0.1"
        configuration.publicURL = "http://perin.test"
        configuration.rateLimits.publicPerMinute = 10_000
        configuration.rateLimits.apiPerMinute = 10_000
        configuration.rateLimits.chatPerMinute = 10_000
        configuration.promptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Prompts").standardized.path
        return configuration
    }

    static func withServer<T: Sendable>(
        _ kind: DatabaseKind, clock: TestClock = TestClock(monday), configuration: ServerConfiguration = configuration(),
        hooks: SchedulingHooks = SchedulingHooks(), assistant: Bool = false, google: FakeGoogleServer? = nil,
        _ body: @escaping @Sendable (DelegationHarness) async throws -> T
    ) async throws -> T {
        try await TestDatabases.withDatabase(kind) { database in
            try await run(database: database, clock: clock, configuration: configuration, hooks: hooks, assistant: assistant, google: google, body)
        }
    }

    /// Serves `database` (already running and migrated) for the duration of `body`.
    static func run<T: Sendable>(
        database: PerinDatabase, clock: TestClock, configuration: ServerConfiguration = configuration(),
        hooks: SchedulingHooks = SchedulingHooks(), assistant: Bool = false, google: FakeGoogleServer? = nil,
        _ body: @escaping @Sendable (DelegationHarness) async throws -> T
    ) async throws -> T {
        var perin = PerinApplication(configuration: configuration, database: database, logger: TestDatabases.logger)
        if let google {
            // Google integrations against the fake, with retries that do not sleep.
            perin.integrations = IntegrationHub(
                database: database, registry: try ManifestRegistry.load(directory: manifestsDirectory),
                google: GoogleConfiguration.fromEnvironment(google.environment), publicURL: configuration.publicURL, cipher: .ephemeral(),
                breakers: CircuitBreakerRegistry(), retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)),
                sleep: { _ in }, now: { clock.now })
        }
        if assistant {
            // The offline model (no LLM key in this environment), as `perin serve` wires it.
            perin.assistant = try AssistantRuntime.make(configuration: configuration, database: database, integrations: perin.integrations,
                                                        environment: [:], logger: TestDatabases.logger)
        }
        var hooks = hooks
        hooks.now = { clock.now }
        perin.scheduling = hooks
        let app = Application(router: perin.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestDatabases.logger)
        return try await app.test(.live) { client in
            try await body(DelegationHarness(database: database, baseURL: "http://127.0.0.1:\(client.port!)", clock: clock))
        }
    }

    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: String

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    func request(_ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil, form: String? = nil,
                 headers extra: [String: String] = [:]) async throws -> Reply {
        try await Self.request(method, url: baseURL + path, token: token, json: json, form: form, headers: extra)
    }

    /// One request to any server (in-process or a `perin serve` child), its whole body read.
    static func request(_ method: HTTPMethod, url: String, token: String? = nil, json: String? = nil, form: String? = nil,
                        headers extra: [String: String] = [:]) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: headers, body: String(buffer: body))
    }

    /// Connects `integration` for the owner of `apiToken` through the OAuth flow against `google`
    /// (connect → the fake's consent → Perin's callback); returns the callback's status.
    func connectGoogle(_ integration: String, apiToken: String, google: FakeGoogleServer) async throws -> Int {
        let connect = try await request(.POST, "/api/integrations/connect", token: apiToken, json: #"{"type":"\#(integration)"}"#)
        guard let authURL = connect.json["authUrl"] as? String else { throw HarnessError("connect failed: \(connect.status) \(connect.body)") }
        let location = try await google.consent(authURL: authURL)
        guard let path = location.components(separatedBy: "perin.test").last, location.hasPrefix("http://perin.test/") else {
            throw HarnessError("consent redirected elsewhere: \(location)")
        }
        var callback = HTTPClientRequest(url: baseURL + path)
        callback.headers.add(name: "Authorization", value: "Bearer \(apiToken)")
        return Int(try await FakeGoogleServer.noRedirectClient.execute(callback, timeout: .seconds(10)).status.code)
    }

    func makeOwner(_ email: String, timezone: String = "Europe/Berlin") async throws -> (UserRecord, String) {
        let user = try await UserRepository(database: database).create(.init(email: email, name: "Olivia Owner", timezone: timezone, perinName: "Ada"))
        let token = try await APITokenRepository(database: database).issue(userID: user.id).secret
        return (user, token)
    }

    /// Creates a link through the owner API; returns (id, token).
    func makeLink(_ apiToken: String, ttlHours: Double = 72, constraints: String = #"{"minimumNoticeMinutes":0}"#) async throws -> (id: String, token: String) {
        let reply = try await request(.POST, "/api/delegation", token: apiToken, json: #"{"ttlHours":\#(ttlHours),"constraints":\#(constraints)}"#)
        guard reply.status == 201, let id = reply.json["id"] as? String, let url = reply.json["url"] as? String else {
            throw HarnessError("link creation failed: \(reply.status) \(reply.body)")
        }
        return (id, String(url.split(separator: "/").last!))
    }

    func book(_ token: String, start: String, duration: Int = 30, email: String = "guest@example.com", timezone: String = "Europe/Berlin",
              key: String? = nil) async throws -> Reply {
        try await request(.POST, "/api/public/delegation/\(token)/book",
                          json: #"{"start":"\#(start)","durationMins":\#(duration),"name":"Gita Guest","email":"\#(email)","timezone":"\#(timezone)","note":"hello"}"#,
                          headers: key.map { ["Idempotency-Key": $0] } ?? [:])
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
