import Assistant
import AsyncHTTPClient
import Foundation
import Hummingbird
import LLM
import Logging
import NIOCore
import Server
import Storage

/// The server side of `perin-bench chat`, run in a child process so the parent's client
/// memory never counts toward the server's RSS per stream.
enum BenchServer {
    static let modelDelayMilliseconds = 0.0

    /// Child: a Perin server on SQLite with `users` owners (or the bare route for
    /// `bare-streams`); prints `READY <port> <tokens file>` and runs until its stdin closes.
    static func run(mode: String, users: Int) async throws {
        if mode == "bare-streams" { return try await runBare(users: users) }
        try await withBenchSQLite { database in
            var tokens: [String] = []
            let userRepository = UserRepository(database: database)
            let tokenRepository = APITokenRepository(database: database)
            for index in 0..<users {
                let user = try await userRepository.create(.init(email: "bench\(index)@example.com", name: "Bench \(index)", passwordHash: nil, timezone: "Europe/Berlin"))
                tokens.append(try await tokenRepository.issue(userID: user.id).secret)
            }
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.rateLimits.chatPerMinute = 100_000_000
            configuration.rateLimits.apiPerMinute = 100_000_000
            var logger = Logger(label: "perin.bench.server")
            logger.logLevel = .error
            let model: any ChatModel = switch mode {
            case "streams": TickModel(tokens: 1800, interval: .milliseconds(100))  // 3 minutes: outlasts the ramp-up
            case "offline": OfflineChatModel()
            default: TickModel(tokens: 3, interval: .zero)
            }
            var perin = PerinApplication(configuration: configuration, database: database, logger: logger)
            perin.assistant = try AssistantRuntime.make(configuration: configuration, database: database, integrations: nil,
                                                        model: model, calendar: InMemoryCalendar(), logger: logger)
            try await serve(perin.buildRouter(), tokens: tokens, logger: logger)
        }
    }

    /// Child: a bare Hummingbird route streaming one token per 100 ms, no middleware, no
    /// database — the same load's floor.
    static func runBare(users: Int) async throws {
        var logger = Logger(label: "perin.bench.bare")
        logger.logLevel = .error
        let router = Router()
        router.post("/api/ai/chat") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody { writer in
                for _ in 0..<1800 {
                    try await Task.sleep(for: .milliseconds(100))
                    try await writer.write(ByteBuffer(string: "tok "))
                }
                try await writer.finish(nil)
            })
        }
        try await serve(router, tokens: (0..<users).map { "t\($0)" }, logger: logger)
    }

    /// Serves `router` on a free loopback port, prints `READY <port> <tokens file>`, and runs
    /// until the parent closes our stdin (when it is done, or dies).
    static func serve<Context: RequestContext>(_ router: Router<Context>, tokens: [String], logger: Logger) async throws
    where Context.Source == ApplicationRequestContextSource {
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("perin-bench-tokens-\(UUID().uuidString)").path
        try tokens.joined(separator: "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "perin-bench", backlog: 4096),
            onServerRunning: { channel in
                FileHandle.standardOutput.write(Data("READY \(channel.localAddress?.port ?? 0) \(tokenFile)\n".utf8))
            },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            group.addTask { await Task.detached { while readLine() != nil {} }.value }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Parent: the running child and how to address it.
    struct Child: Sendable {
        let pid: Int32
        let port: Int
        let tokens: [String]

        func request(user: Int, text: String) -> HTTPClientRequest {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/ai/chat")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(tokens[user % tokens.count])")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"messages":[{"role":"user","content":"\#(text)"}]}"#))
            return request
        }

        func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return 0 }
            let fields = text.split(separator: " ")
            guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
    }

    static func withChild(mode: String, users: Int, _ body: (Child) async throws -> Void) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["chat", "--serve", mode, "--streams", String(users), "--concurrency", String(users)]
        // A profiler can wrap the server child (e.g. a script running `heaptrack` that passes
        // the READY line through); the RSS figure then measures the wrapper, not the server.
        if let wrapper = ProcessInfo.processInfo.environment["PERIN_BENCH_CHILD_WRAPPER"] {
            process.arguments = [CommandLine.arguments[0]] + process.arguments!
            process.executableURL = URL(fileURLWithPath: wrapper)
        }
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        let line = await Task.detached { () -> String in
            var data = Data()
            while let byte = try? output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty {
                if byte == Data("\n".utf8) { break }
                data += byte
            }
            return String(decoding: data, as: UTF8.self)
        }.value
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "READY", let port = Int(parts[1]) else {
            process.terminate()
            throw ValidationErrorMessage("bench server did not start: \(line)")
        }
        let tokens = try String(contentsOfFile: String(parts[2]), encoding: .utf8).split(separator: "\n").map(String.init)
        try await body(Child(pid: process.processIdentifier, port: port, tokens: tokens))
    }

    struct ValidationErrorMessage: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// A fake model: `tokens` deltas of "tok", one per `interval`.
struct TickModel: ChatModel {
    let tokens: Int
    let interval: Duration

    func complete(_ request: ChatRequest) async throws -> ChatCompletion { try await completeByStreaming(request) }

    func stream(_ request: ChatRequest) -> ChatStream {
        let (tokens, interval) = (tokens, interval)
        return ChatStream { continuation in
            let task = Task {
                for _ in 0..<tokens {
                    if interval > .zero {
                        do { try await Task.sleep(for: interval) } catch { continuation.finish(throwing: error); return }
                    }
                    continuation.yield(.text("tok "))
                }
                continuation.yield(.finish(.stop))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
