import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Integrations
import LLM
import NIOCore
import PerinTesting
@testable import Server
import Storage
import Synchronization

/// A clock tests move by hand (token expiry without waiting).
final class ManualClock: Sendable {
    private let current = Mutex(Date())
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A live Perin server over a fresh database of one kind, its integrations pointed at a
/// `FakeGoogleServer`, with a hand-moved clock and retries that do not sleep.
struct IntegrationsHarness {
    let database: PerinDatabase
    let location: DatabaseLocation
    let client: any TestClientProtocol
    let google: FakeGoogleServer
    let hub: IntegrationHub
    let clock: ManualClock
    static let publicURL = "http://perin.test"

    static var manifestsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Integrations").path
    }

    static func makeHub(database: PerinDatabase, google: FakeGoogleServer, clock: ManualClock,
                        breakers: CircuitBreakerRegistry = CircuitBreakerRegistry()) throws -> IntegrationHub {
        IntegrationHub(
            database: database, registry: try ManifestRegistry.load(directory: manifestsDirectory),
            google: GoogleConfiguration.fromEnvironment(google.environment), publicURL: publicURL, cipher: .ephemeral(),
            breakers: breakers, retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)),
            sleep: { _ in }, now: { clock.now }
        )
    }

    static func withServer<T: Sendable>(
        _ kind: DatabaseKind,
        breakers: CircuitBreakerRegistry = CircuitBreakerRegistry(),
        _ body: @escaping @Sendable (IntegrationsHarness) async throws -> T
    ) async throws -> T {
        let google = try await FakeGoogleServer.start()
        let handle = try await TestDatabases.makeDatabase(kind)
        do {
            let result = try await TestDatabases.withRunning(handle.location) { database in
                let clock = ManualClock()
                var configuration = ServerConfiguration()
                configuration.port = 0
                configuration.host = "127.0.0.1"
                configuration.publicURL = publicURL
                var perin = PerinApplication(configuration: configuration, database: database, logger: TestDatabases.logger)
                let hub = try makeHub(database: database, google: google, clock: clock, breakers: breakers)
                perin.integrations = hub
                let app = Application(router: perin.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      logger: TestDatabases.logger)
                return try await app.test(.live) { client in
                    try await body(IntegrationsHarness(database: database, location: handle.location, client: client,
                                                       google: google, hub: hub, clock: clock))
                }
            }
            await handle.cleanup()
            await google.stop()
            return result
        } catch {
            await handle.cleanup()
            await google.stop()
            throw error
        }
    }

    func makeUser(_ email: String, timezone: String = "Europe/Berlin") async throws -> (UserRecord, String) {
        let user = try await UserRepository(database: database).create(.init(email: email, name: email, timezone: timezone))
        let token = try await APITokenRepository(database: database).issue(userID: user.id).secret
        return (user, token)
    }

    func request(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, headers: HTTPFields = [:],
                 json: String? = nil, body: String? = nil) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: fields, body: (json ?? body).map { ByteBuffer(string: $0) })
    }

    /// POST /api/integrations/connect → the authUrl.
    func authURL(_ type: String, token: String) async throws -> String {
        let response = try await request(.post, "/api/integrations/connect", token: token, json: #"{"type":"\#(type)"}"#)
        guard response.status == .ok, let url = response.json["authUrl"] as? String else {
            throw HarnessError("connect failed: \(response.status) \(response.text)")
        }
        return url
    }

    /// Follows the authUrl at the fake (over real HTTP, redirects not followed) and returns the
    /// callback's path and query on Perin.
    func followAuthorization(_ authURL: String) async throws -> String {
        let location = try await google.consent(authURL: authURL)
        guard location.hasPrefix(Self.publicURL) else { throw HarnessError("redirected elsewhere: \(location)") }
        return String(location.dropFirst(Self.publicURL.count))
    }

    /// connect → authorize → callback; returns the callback response.
    func connect(_ type: String, token: String) async throws -> TestResponse {
        let callback = try await followAuthorization(try await authURL(type, token: token))
        return try await request(.get, callback, token: token)
    }

    /// Every byte the database holds for the connections table: the SQLite file and its WAL, or
    /// the PostgreSQL rows as text.
    func rawConnectionBytes() async throws -> Data {
        switch location {
        case .sqliteFile(let path):
            var data = Data()
            for file in [path, path + "-wal"] { data += (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data() }
            return data
        default:
            return try await database.withConnection { db in
                let rows = try await db.raw("SELECT CAST(ROW(c.*) AS TEXT) AS t FROM integration_connections c").all()
                return Data(try rows.map { try $0.decode(column: "t", as: String.self) }.joined(separator: "\n").utf8)
            }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

extension Data {
    func contains(_ text: String) -> Bool {
        range(of: Data(text.utf8)) != nil
    }
}
