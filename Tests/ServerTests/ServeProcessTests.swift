import AsyncHTTPClient
import Foundation
import NIOCore
import PerinTesting
import Storage
import Testing

/// Runs the real `perin` executable the way a new user does: create a user, serve, query,
/// stop with SIGTERM, start again, and find everything still there.
@Suite("perin serve as a process", .serialized)
struct ServeProcessTests {
    @Test("create a user, serve, SIGTERM, serve again: the token still works", arguments: TestDatabases.kinds)
    func serveStopServe(kind: DatabaseKind) async throws {
        let handle = try await TestDatabases.makeDatabase(kind)
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("perin-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        var environment = PerinProcess.environment(for: handle.location, dataDirectory: dataDirectory, port: try PerinProcess.freePort())
        environment["LOG_LEVEL"] = "info"  // the access log is written at info

        let (id, token) = try PerinProcess.createUser(email: "cli@example.com", environment: environment)
        #expect(!id.isEmpty && !token.isEmpty)

        let duplicate = try PerinProcess.run(["user", "create", "--email", "cli@example.com", "--json"], environment: environment)
        #expect(duplicate.status != 0)
        #expect(duplicate.errors.contains("already exists"))
        let badZone = try PerinProcess.run(["user", "create", "--email", "z@example.com", "--timezone", "Mars/Olympus"], environment: environment)
        #expect(badZone.status != 0)
        #expect(badZone.errors.contains("Mars/Olympus"))

        do {
            for round in 1...2 {
                let server = try await PerinProcess(serve: environment)
                let health = try await server.health()
                #expect(health["database"] as? String == kind.rawValue, "round \(round)")
                var request = HTTPClientRequest(url: server.baseURL + "/api/me")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let me = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                #expect(me.status == .ok, "round \(round)")
                let body = try await me.body.collect(upTo: 1 << 20)
                #expect(String(buffer: body).contains("cli@example.com"))

                let stopped = ContinuousClock.now
                let stoppedCleanly = server.stop()
                #expect(stoppedCleanly, "graceful exit on SIGTERM, round \(round): \(server.errors)")
                #expect(ContinuousClock.now - stopped < .seconds(10))
                // The access log names the route template and the caller, never the token.
                let log = server.errors
                #expect(log.contains("route=/api/me") && log.contains("user_id=\(id)"), "access log, round \(round): \(log)")
                #expect(!log.contains(token), "the token never reaches the log")
            }
            if kind == .sqlite {
                let mode = try FileManager.default.attributesOfItem(atPath: dataDirectory + "/secrets.json")[.posixPermissions] as? Int
                #expect(mode == 0o600)
            }
            let migrate = try PerinProcess.run(["migrate"], environment: environment)
            #expect(migrate.status == 0)
            #expect(migrate.output.contains("up to date"))
        } catch {
            await handle.cleanup()
            throw error
        }
        await handle.cleanup()
    }
}
