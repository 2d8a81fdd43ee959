import ArgumentParser
import Assistant
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Server
import Storage

/// `perin chat`: a terminal client. Streams replies from a running server (`--url`,
/// `--token` or `PERIN_TOKEN`), or runs the assistant in this process on the configured
/// database with `--local --email owner@example.com`. With a message argument it sends one
/// turn; without, it reads one message per line from stdin.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with your agent in the terminal (streamed)."
    )

    @Option(help: "Server URL.") var url: String = "http://localhost:8080"
    @Option(help: "API token (default: $PERIN_TOKEN).") var token: String?
    @Flag(help: "Run the assistant in this process on the configured database instead of a server.") var local = false
    @Option(help: "With --local: the owner's email.") var email: String?
    @Flag(help: "Show progress and step control tokens.") var verbose = false
    @Argument(help: "The message; omit to read messages from stdin, one per line.") var message: [String] = []

    func validate() throws {
        if local, email == nil { throw ValidationError("--local needs --email") }
        if !local, token ?? ProcessInfo.processInfo.environment["PERIN_TOKEN"] == nil {
            throw ValidationError("--token (or PERIN_TOKEN) is required to talk to a server")
        }
    }

    func run() async throws {
        let messages: AsyncStream<String> = message.isEmpty ? Self.stdinLines() : AsyncStream { $0.yield(message.joined(separator: " ")); $0.finish() }
        if local {
            try await runLocal(messages)
        } else {
            try await runRemote(messages)
        }
    }

    static func stdinLines() -> AsyncStream<String> {
        AsyncStream { continuation in
            let thread = Thread {
                while let line = readLine() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if !trimmed.isEmpty { continuation.yield(trimmed) }
                }
                continuation.finish()
            }
            thread.start()
        }
    }

    private func runRemote(_ messages: AsyncStream<String>) async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let bearer = token ?? ProcessInfo.processInfo.environment["PERIN_TOKEN"] ?? ""
        var conversationID: String?
        do {
            for await text in messages {
                var request = HTTPClientRequest(url: url.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/api/ai/chat")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
                request.headers.add(name: "Content-Type", value: "application/json")
                var body: [String: Any] = ["messages": [["role": "user", "content": text]]]
                if let conversationID { body["conversationId"] = conversationID }
                request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
                let response = try await client.execute(request, timeout: .seconds(300))
                guard response.status == .ok else {
                    let error = try await response.body.collect(upTo: 64 * 1024)
                    print("error \(response.status.code): \(String(buffer: error))")
                    continue
                }
                var printer = TokenPrinter(verbose: verbose)
                for try await chunk in response.body { printer.feed(String(buffer: chunk)) }
                printer.finish()
                conversationID = printer.conversationID ?? conversationID
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func runLocal(_ messages: AsyncStream<String>) async throws {
        let configuration = try loadConfiguration()
        var logger = Logger(label: "perin.chat")
        logger.logLevel = .warning
        try await withDatabase(configuration, migrate: true) { database in
            guard let user = try await UserRepository(database: database).find(email: email ?? "") else {
                throw ValidationError("no user with email \(email ?? "")")
            }
            let runtime = try AssistantRuntime.makeStandalone(configuration: configuration, database: database, logger: logger)
            var conversationID: String?
            for await text in messages {
                let ticket = try runtime.chat.begin(userID: user.id)
                let profile = AgentProfile(userID: user.id, ownerName: user.name, perinName: user.perinName, tone: user.tone, timeZone: user.timezone)
                let turn = try await runtime.chat.prepare(TurnInput(profile: profile, userText: text, conversationID: conversationID))
                conversationID = turn.conversationID
                var printer = TokenPrinter(verbose: verbose)
                for await event in runtime.chat.run(turn, ticket: ticket).events {
                    if let text = ControlToken.render(event) { printer.feed(text) }
                }
                printer.finish()
            }
        }
    }
}

/// Prints reply text as it streams; control tokens become dim progress lines (or vanish).
struct TokenPrinter {
    let verbose: Bool
    /// From `[[PERIN_ACTION:conversation:ID]]`: where the next message continues.
    private(set) var conversationID: String?
    private var pending = ""

    init(verbose: Bool) { self.verbose = verbose }

    mutating func feed(_ text: String) {
        pending += text
        while true {
            guard let open = pending.range(of: "[[") else {
                let keep = pending.hasSuffix("[") ? 1 : 0
                emit(String(pending.dropLast(keep)))
                pending = String(pending.suffix(keep))
                return
            }
            emit(String(pending[..<open.lowerBound]))
            guard let close = pending.range(of: "]]", range: open.upperBound..<pending.endIndex) else {
                pending = String(pending[open.lowerBound...])
                return
            }
            let token = String(pending[open.upperBound..<close.lowerBound])
            if token.hasPrefix("PERIN_ACTION:conversation:") {
                conversationID = String(token.dropFirst("PERIN_ACTION:conversation:".count))
            } else if verbose || token.hasPrefix("PERIN_ERROR") || token.hasPrefix("PERIN_ACTION") || token.hasPrefix("PERIN_STEP_RESULT") {
                FileHandle.standardError.write(Data("\u{1B}[2m[\(token)]\u{1B}[0m\n".utf8))
            }
            pending = String(pending[close.upperBound...])
        }
    }

    mutating func finish() {
        emit(pending + "\n")  // through the same handle as the reply, so it lands after it
        pending = ""
    }

    private func emit(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
