import ArgumentParser
import Assistant
import AsyncHTTPClient
import Foundation
import Hummingbird
import LLM
import Logging
import NIOCore
import Server
import Storage

/// `perin-bench chat`: the chat endpoint under load. Prints JSON lines:
/// - server-added time to first byte at 100 concurrent chats (request start → first streamed
///   byte), and time to the first model token minus the fake model's own delay;
/// - concurrent open streams held with a fake model emitting one token per 100 ms, with the
///   server process's RSS growth per stream (the server runs in a child process so the
///   client's memory is not counted);
/// - full turns per second with the offline model.
struct ChatBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chat", abstract: "Chat TTFB, open streams per RSS, offline turns/s.")

    @Option(help: "Concurrent chats for the TTFB figure.") var concurrency = 100
    @Option(help: "Turns per concurrent chat for the TTFB figure.") var rounds = 10
    @Option(help: "Concurrent open streams to hold.") var streams = 10_000
    @Option(help: "Seconds of offline-model turns.") var seconds = 5
    @Option(help: "Internal: run as the server child (ttfb|streams|offline).") var serve: String?
    @Option(help: "Run one part only: ttfb, streams or offline.") var only: String?

    func run() async throws {
        if let serve { return try await BenchServer.run(mode: serve, users: max(concurrency, streams)) }
        if only == nil || only == "ttfb" { try await measureTTFB() }
        if only == nil || only == "streams" {
            // The same load against a bare Hummingbird streaming route: the floor of the HTTP
            // stack itself on this machine, measured in the same run.
            try await measureStreams(mode: "streams", target: "perin")
            try await measureStreams(mode: "bare-streams", target: "bare_hummingbird")
        }
        if only == nil || only == "offline" { try await measureOfflineTurns() }
    }

    private func measureTTFB() async throws {
        try await BenchServer.withChild(mode: "ttfb", users: concurrency) { child in
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.clientConfiguration(concurrency))
            defer { Self.shutdownLater(client) }
            let samples = try await withThrowingTaskGroup(of: [(Double, Double)].self) { group in
                for user in 0..<concurrency {
                    group.addTask {
                        var out: [(Double, Double)] = []
                        for round in 0..<(rounds + 2) {
                            let (firstByte, firstToken) = try await Self.turn(client, child, user: user)
                            if round >= 2 { out.append((firstByte, firstToken)) }  // first two rounds warm up
                        }
                        return out
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let bytes = samples.map(\.0).sorted()
            let tokens = samples.map { $0.1 - BenchServer.modelDelayMilliseconds }.sorted()
            printJSONLine(["metric": "chat_ttfb_ms", "concurrency": concurrency, "samples": bytes.count,
                           "p50": percentile(bytes, 0.5), "p99": percentile(bytes, 0.99), "target_p50": 1, "target_p99": 5])
            printJSONLine(["metric": "chat_first_token_added_ms", "concurrency": concurrency, "samples": tokens.count,
                           "model_delay_ms": BenchServer.modelDelayMilliseconds, "p50": percentile(tokens, 0.5), "p99": percentile(tokens, 0.99)])
        }
    }

    /// One turn: milliseconds to the first body byte and to the first model token.
    static func turn(_ client: HTTPClient, _ child: BenchServer.Child, user: Int) async throws -> (Double, Double) {
        let start = ContinuousClock.now
        let response = try await client.execute(child.request(user: user, text: "hello"), timeout: .seconds(60))
        var firstByte: Double?
        var firstToken: Double?
        for try await chunk in response.body {
            let now = Self.milliseconds(ContinuousClock.now - start)
            if firstByte == nil { firstByte = now }
            if firstToken == nil, String(buffer: chunk).contains("tok") { firstToken = now }
        }
        return (firstByte ?? .nan, firstToken ?? .nan)
    }

    private func measureStreams(mode: String, target: String) async throws {
        try await BenchServer.withChild(mode: mode, users: streams) { child in
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.clientConfiguration(streams))
            // Shut down before the next measurement: 10,000 lingering connections would eat its descriptors.
            let baseline = child.residentBytes()
            let opened = Counter()
            let started = ContinuousClock.now
            let result = try await withThrowingTaskGroup(of: Bool.self) { group in
                for user in 0..<streams {
                    group.addTask {
                        do {
                            let response = try await client.execute(child.request(user: user, text: "stream"), timeout: .seconds(120))
                            guard response.status == .ok else { return false }
                            // Open: the head is here (the server sends it before any database
                            // work), and the stream stays open until the model's last token.
                            opened.add()
                            for try await _ in response.body {}
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                var peak = baseline
                var heldAll = false
                while ContinuousClock.now - started < .seconds(170) {
                    try await Task.sleep(for: .milliseconds(500))
                    peak = max(peak, child.residentBytes())
                    if opened.value >= streams { heldAll = true; peak = max(peak, child.residentBytes()); break }
                }
                let open = opened.value
                group.cancelAll()  // the figure is taken; end the long streams now
                return (open, open, peak, heldAll)
            }
            let perStream = Double(result.2 - baseline) / Double(max(result.0, 1))
            printJSONLine(["metric": "chat_open_streams", "target": target, "requested": streams, "open_at_once": result.0, "held_all": result.3,
                           "rss_baseline_mb": Double(baseline) / 1_048_576, "rss_peak_mb": Double(result.2) / 1_048_576,
                           "bytes_per_stream": perStream.rounded(), "target_bytes_per_stream": 16_384, "token_interval_ms": 100])
            try? await client.shutdown()
        }
    }

    private func measureOfflineTurns() async throws {
        try await BenchServer.withChild(mode: "offline", users: 8) { child in
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.clientConfiguration(8))
            defer { Self.shutdownLater(client) }
            let messages = ["Schedule 30 minutes with Dana tomorrow at 10", "What's on my calendar Friday?",
                            "Remember that I prefer morning meetings", "Hi!"]
            let deadline = ContinuousClock.now + .seconds(seconds)
            let started = ContinuousClock.now
            let turns = try await withThrowingTaskGroup(of: Int.self) { group in
                for user in 0..<8 {
                    group.addTask {
                        var count = 0
                        while ContinuousClock.now < deadline {
                            let response = try await client.execute(child.request(user: user, text: messages[count % messages.count]), timeout: .seconds(30))
                            for try await _ in response.body {}
                            if response.status == .ok { count += 1 }
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
            printJSONLine(["metric": "chat_offline_turns_per_second", "concurrency": 8, "turns": turns,
                           "turns_per_second": (Double(turns) / elapsed).rounded()])
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Shuts a client down off the async context (its connections close in the background).
    static func shutdownLater(_ client: HTTPClient) {
        Task { try? await client.shutdown() }
    }

    static func clientConfiguration(_ connections: Int) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections + 8)
        configuration.timeout = .init(connect: .seconds(30))
        return configuration
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    // A lock rather than Mutex keeps this usable from @Sendable closures without ~Copyable fuss.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
