import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PerinTesting
@testable import Server
import Storage

/// A real Perin server on a loopback port over a fresh database of the given kind.
struct ServerHarness {
    let database: PerinDatabase
    let client: any TestClientProtocol

    /// Creates a user with an API token and returns (user, token).
    func makeUser(_ email: String, password: String? = nil, timezone: String = "Europe/Berlin") async throws -> (UserRecord, String) {
        var hash: String?
        if let password { hash = try await PasswordHasher.hash(password) }
        let user = try await UserRepository(database: database).create(.init(email: email, name: email, passwordHash: hash, timezone: timezone))
        let token = try await APITokenRepository(database: database).issue(userID: user.id).secret
        return (user, token)
    }

    func request(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, headers: HTTPFields = [:], json: String? = nil
    ) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
    }

    static func testConfiguration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.host = "127.0.0.1"
        return configuration
    }

    /// Runs `body` against a live server; `configure` may adjust configuration and add routes.
    static func withServer<T: Sendable>(
        _ kind: DatabaseKind,
        configuration: ServerConfiguration = testConfiguration(),
        routes: @escaping @Sendable (Router<PerinRequestContext>) -> Void = { _ in },
        _ body: @escaping @Sendable (ServerHarness) async throws -> T
    ) async throws -> T {
        try await TestDatabases.withDatabase(kind) { database in
            try await run(database: database, configuration: configuration, routes: routes, body)
        }
    }

    static func run<T: Sendable>(
        database: PerinDatabase,
        configuration: ServerConfiguration = testConfiguration(),
        routes: @escaping @Sendable (Router<PerinRequestContext>) -> Void = { _ in },
        _ body: @escaping @Sendable (ServerHarness) async throws -> T
    ) async throws -> T {
        let perin = PerinApplication(configuration: configuration, database: database, logger: TestDatabases.logger)
        let router = perin.buildRouter()
        routes(router)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            logger: TestDatabases.logger
        )
        return try await app.test(.live) { client in
            try await body(ServerHarness(database: database, client: client))
        }
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    /// `{"error":{"code":…}}` → code.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}
