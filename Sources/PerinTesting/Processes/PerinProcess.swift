import AsyncHTTPClient
import Foundation
import NIOCore
import Storage

/// The real `perin` executable, run the way an operator runs it: CLI commands to completion, and
/// `perin serve` as a child process on a free loopback port. Tests that need two server
/// processes on one database start two of these.
public final class PerinProcess: @unchecked Sendable {
    /// `swift test` builds every product into the same folder as the test bundle.
    public static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("perin")
    }

    /// A loopback port that was free a moment ago (the kernel does not hand it out again at once).
    public static func freePort() throws -> Int {
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

    /// The environment for a server on `location`: its own data folder, `port`, quiet logs.
    public static func environment(for location: DatabaseLocation, dataDirectory: String, port: Int,
                                   extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PERIN_DATA_DIR": dataDirectory, "PORT": String(port), "LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"]
        if case let .postgres(host, pgPort, username, _, database, _) = location {
            environment["DATABASE_URL"] = "postgres://\(username)@\(host):\(pgPort)/\(database)"
        }
        return environment.merging(extra) { $1 }
    }

    /// Runs a CLI command to completion.
    public static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        // stdout and stderr go to files: reading two pipes one after the other could deadlock.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perin-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let err = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return (process.terminationStatus, out, err)
    }

    /// `perin user create … --json` → (id, API token).
    public static func createUser(email: String, timezone: String = "Europe/Berlin", environment: [String: String]) throws -> (id: String, token: String) {
        let created = try run(["user", "create", "--email", email, "--timezone", timezone, "--json"], environment: environment)
        guard created.status == 0,
              let json = try? JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: String],
              let id = json["id"], let token = json["token"]
        else { throw TestDatabaseError("perin user create failed (\(created.status)): \(created.errors)") }
        return (id, token)
    }

    public let port: Int
    public let process: Process
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("perin-serve-\(UUID().uuidString).err")

    /// What the server wrote to stderr so far, and how it ended (for failure messages).
    public var errors: String {
        let text = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        let ending = process.isRunning ? "running" : "\(process.terminationReason == .exit ? "exit" : "signal") \(process.terminationStatus)"
        return ending + "\n" + String(text.suffix(4000))
    }

    /// Starts `perin serve` with `environment` (which must carry `PORT`) and waits until its
    /// `/api/health` answers 200.
    public init(serve environment: [String: String]) async throws {
        guard let port = environment["PORT"].flatMap(Int.init) else { throw TestDatabaseError("PerinProcess needs PORT") }
        self.port = port
        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        // stderr goes to a file, so a failed stop can say why (`errors`).
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        do {
            _ = try await health()
        } catch {
            process.terminate()
            process.waitUntilExit()
            throw error
        }
    }

    /// Polls `/api/health` until 200 (up to 20 s) and returns its JSON.
    public func health() async throws -> [String: Any] {
        for _ in 0..<200 {
            guard process.isRunning else { throw TestDatabaseError("perin serve exited with \(process.terminationStatus)") }
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + "/api/health"), timeout: .seconds(2)),
               response.status == .ok {
                let body = try await response.body.collect(upTo: 1 << 20)
                return (try JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestDatabaseError("perin serve did not become healthy on port \(port)")
    }

    /// SIGTERM, then waits for the exit; returns whether it exited cleanly with status 0.
    @discardableResult
    public func stop() -> Bool {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus == 0
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: errorLog)
    }
}
