import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import PerinTesting
import Server
import Storage

/// `perin-bench http`: throughput and latency over loopback for a bare Hummingbird route (the
/// ceiling on this machine), `/api/health`, and an authenticated JSON route with the full
/// middleware stack, all measured by the same load generator in the same run.
struct HTTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http", abstract: "HTTP server throughput and latency.")

    @Option(help: "Concurrent keep-alive connections.") var connections = 64
    @Option(help: "Seconds per target per round.") var seconds = 3
    @Option(help: "Warm-up seconds per target (the first round).") var warmup = 1
    @Option(help: "Measured rounds; targets alternate within each round.") var rounds = 5
    @Option(help: "Start the servers, print their addresses, hold them this many seconds for an outside load generator (wrk), and exit.")
    var hold: Int?

    func run() async throws {
        var logger = Logger(label: "perin.bench")
        logger.logLevel = .error
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

        let handle = try await TestDatabases.makeDatabase(.sqlite)
        try await TestDatabases.withRunning(handle.location) { database in
            let user = try await UserRepository(database: database).create(.init(email: "bench@example.com", name: "Bench"))
            let token = try await APITokenRepository(database: database).issue(userID: user.id).secret

            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.rateLimits.apiPerMinute = 100_000_000
            let perin = PerinApplication(configuration: configuration, database: database, logger: logger)

            let bare = Router(context: BasicRequestContext.self)
            bare.get("/bare") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
            }

            // All three servers run side by side and are measured in alternating rounds, so a
            // change in machine load hits every target alike; figures are per-round medians.
            let targets: [(name: String, path: String, headers: [(String, String)])] = [
                ("bare_hummingbird", "/bare", []),
                ("health", "/api/health", []),
                ("authenticated_json", "/api/me", [("Authorization", "Bearer \(token)")]),
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                let ports = [
                    try await start(bare, logger: logger, in: &group),
                    try await start(perin.buildRouter(), logger: logger, in: &group),
                    try await start(perin.buildRouter(), logger: logger, in: &group),
                ]
                if let hold {
                    for (index, target) in targets.enumerated() {
                        printJSONLine(["bench": "http", "target": target.name, "url": "http://127.0.0.1:\(ports[index])\(target.path)",
                                       "headers": target.headers.map { "\($0.0): \($0.1)" }])
                    }
                    try await Task.sleep(for: .seconds(hold))
                    group.cancelAll()
                    return
                }
                var results: [[HTTPLoadGenerator.Result]] = Array(repeating: [], count: targets.count)
                for round in 0...rounds {
                    for (index, target) in targets.enumerated() {
                        let generator = HTTPLoadGenerator(
                            host: "127.0.0.1", port: ports[index], path: target.path, headers: target.headers,
                            connections: connections, duration: .seconds(round == 0 ? warmup : seconds)
                        )
                        let result = try await generator.run(group: clientGroup)
                        if round > 0 { results[index].append(result) }
                    }
                }
                for (index, target) in targets.enumerated() { report(target.name, results[index]) }
                let ratios = zip(results[2], results[0]).map { $0.requestsPerSecond / $1.requestsPerSecond }.sorted()
                printJSONLine([
                    "bench": "http", "metric": "authenticated_vs_bare_rps_ratio",
                    "value": (percentile(ratios, 0.5) * 1000).rounded() / 1000, "unit": "ratio", "rounds": ratios.count,
                ])
                group.cancelAll()
            }
        }
        await handle.cleanup()
        try await clientGroup.shutdownGracefully()
    }

    func report(_ target: String, _ rounds: [HTTPLoadGenerator.Result]) {
        let base: [String: any Sendable] = ["bench": "http", "target": target, "connections": connections, "rounds": rounds.count]
        func line(_ metric: String, _ values: [Double], _ unit: String) {
            var fields = base
            fields["metric"] = metric
            fields["value"] = (percentile(values.sorted(), 0.5) * 1000).rounded() / 1000
            fields["unit"] = unit
            printJSONLine(fields)
        }
        line("requests_per_second", rounds.map(\.requestsPerSecond), "req/s")
        line("latency_p50", rounds.map { percentile($0.latencies, 0.50) }, "ms")
        line("latency_p99", rounds.map { percentile($0.latencies, 0.99) }, "ms")
        let errors = rounds.map(\.errors).reduce(0, +)
        if errors > 0 { line("errors", [Double(errors)], "count") }
    }

    /// Starts a server for `router` on a free loopback port inside `group`; returns the port.
    func start<Context: RequestContext>(
        _ router: Router<Context>, logger: Logger, in group: inout ThrowingTaskGroup<Void, any Error>
    ) async throws -> Int where Context.Source == ApplicationRequestContextSource {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        group.addTask { try await app.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ValidationError("server did not start") }
        return port
    }
}
