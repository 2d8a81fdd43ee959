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
    static var perinBinary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("perin")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(fd, $0, length) == 0, getsockname(fd, $0, &length) == 0 else { throw TestDatabaseError("bind failed") }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = perinBinary
        process.arguments = arguments
        process.environment = environment
        // stdout and stderr go to files: reading two pipes one after the other could deadlock.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perin-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let err = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return (process.terminationStatus, out, err)
    }

    static func waitForHealth(_ client: HTTPClient, port: Int) async throws -> [String: Any] {
        for _ in 0..<200 {
            if let response = try? await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/health"), timeout: .seconds(2)),
               response.status == .ok {
                let body = try await response.body.collect(upTo: 1 << 20)
                return (try JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestDatabaseError("server did not become healthy on port \(port)")
    }

    @Test("create a user, serve, SIGTERM, serve again: the token still works", arguments: TestDatabases.kinds)
    func serveStopServe(kind: DatabaseKind) async throws {
        let handle = try await TestDatabases.makeDatabase(kind)
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("perin-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let port = try Self.freePort()
        var environment = ["PERIN_DATA_DIR": dataDirectory, "PORT": String(port), "LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"]
        if case let .postgres(host, pgPort, username, _, database, _) = handle.location {
            environment["DATABASE_URL"] = "postgres://\(username)@\(host):\(pgPort)/\(database)"
        }

        let created = try Self.run(["user", "create", "--email", "cli@example.com", "--timezone", "Europe/Berlin", "--json"], environment: environment)
        #expect(created.status == 0, "\(created.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: String])
        let token = try #require(json["token"])
        #expect(json["id"]?.isEmpty == false)

        let duplicate = try Self.run(["user", "create", "--email", "cli@example.com", "--json"], environment: environment)
        #expect(duplicate.status != 0)
        #expect(duplicate.errors.contains("already exists"))
        let badZone = try Self.run(["user", "create", "--email", "z@example.com", "--timezone", "Mars/Olympus"], environment: environment)
        #expect(badZone.status != 0)
        #expect(badZone.errors.contains("Mars/Olympus"))

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            for round in 1...2 {
                let server = Process()
                server.executableURL = Self.perinBinary
                server.arguments = ["serve"]
                server.environment = environment
                server.standardOutput = FileHandle.nullDevice
                server.standardError = FileHandle.nullDevice
                try server.run()
                let health = try await Self.waitForHealth(client, port: port)
                #expect(health["database"] as? String == kind.rawValue, "round \(round)")
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/me")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let me = try await client.execute(request, timeout: .seconds(5))
                #expect(me.status == .ok, "round \(round)")
                let body = try await me.body.collect(upTo: 1 << 20)
                #expect(String(buffer: body).contains("cli@example.com"))

                let stopped = ContinuousClock.now
                server.terminate()  // SIGTERM
                server.waitUntilExit()
                #expect(server.terminationReason == .exit && server.terminationStatus == 0, "graceful exit, round \(round)")
                #expect(ContinuousClock.now - stopped < .seconds(10))
            }
            if kind == .sqlite {
                let mode = try FileManager.default.attributesOfItem(atPath: dataDirectory + "/secrets.json")[.posixPermissions] as? Int
                #expect(mode == 0o600)
            }
            let migrate = try Self.run(["migrate"], environment: environment)
            #expect(migrate.status == 0)
            #expect(migrate.output.contains("up to date"))
        } catch {
            try? await client.shutdown()
            await handle.cleanup()
            throw error
        }
        try await client.shutdown()
        await handle.cleanup()
    }
}
