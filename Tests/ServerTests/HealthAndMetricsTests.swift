import Foundation
import HTTPTypes
import NIOCore
import HummingbirdTesting
import PerinTesting
@testable import Server
import Storage
import Testing

@Suite("Health and metrics")
struct HealthAndMetricsTests {
    @Test("health names the database back end", arguments: TestDatabases.kinds)
    func health(kind: DatabaseKind) async throws {
        try await ServerHarness.withServer(kind) { server in
            let response = try await server.request(.get, "/api/health")
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
            #expect(response.json["database"] as? String == kind.rawValue)
            #expect(response.json["databaseReachable"] as? Bool == true)
            #expect(response.json["version"] as? String == PerinVersion.current)
        }
    }

    @Test("health answers 503 when the database is down")
    func healthDown() async throws {
        let handle = try await TestDatabases.makeDatabase(.sqlite)
        let database = try await PerinDatabase(location: handle.location, logger: TestDatabases.logger)
        try await database.close()
        try await ServerHarness.run(database: database) { server in
            let response = try await server.request(.get, "/api/health")
            #expect(response.status == .serviceUnavailable)
            #expect(response.json["databaseReachable"] as? Bool == false)
            #expect(response.json["status"] as? String == "unavailable")
        }
        await handle.cleanup()
    }

    @Test("metrics count requests by route template and status, never by raw path")
    func metrics() async throws {
        try await ServerHarness.withServer(.sqlite) { server in
            let (_, token) = try await server.makeUser("m@example.com")
            _ = try await server.request(.get, "/api/health")
            _ = try await server.request(.get, "/api/conversations/secret-looking-id/messages", token: token)
            let metrics = try await server.request(.get, "/metrics")
            #expect(metrics.status == .ok)
            let text = metrics.text
            #expect(text.contains(#"perin_http_requests_total{route="/api/health",method="GET",status="200"} 1"#))
            #expect(text.contains(#"route="/api/conversations/{id}/messages",method="GET",status="404""#))
            #expect(!text.contains("secret-looking-id"))
            #expect(text.contains("perin_http_request_duration_seconds_bucket"))
        }
    }
}
