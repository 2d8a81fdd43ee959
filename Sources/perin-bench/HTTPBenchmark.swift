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
    @Option(help: "Seconds per measured target.") var seconds = 5
    @Option(help: "Warm-up seconds per target.") var warmup = 1

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

            let bareResult = try await measure(router: bare, path: "/bare", headers: [], logger: logger, clientGroup: clientGroup)
            report("bare_hummingbird", bareResult)
            let healthResult = try await measure(router: perin.buildRouter(), path: "/api/health", headers: [], logger: logger, clientGroup: clientGroup)
            report("health", healthResult)
            let authResult = try await measure(
                router: perin.buildRouter(), path: "/api/me", headers: [("Authorization", "Bearer \(token)")], logger: logger, clientGroup: clientGroup
            )
            report("authenticated_json", authResult)
            printJSONLine([
                "bench": "http", "metric": "authenticated_vs_bare_rps_ratio",
                "value": (authResult.requestsPerSecond / bareResult.requestsPerSecond * 1000).rounded() / 1000, "unit": "ratio",
            ])
        }
        await handle.cleanup()
        try await clientGroup.shutdownGracefully()
    }

    func report(_ target: String, _ result: HTTPLoadGenerator.Result) {
        let base: [String: any Sendable] = ["bench": "http", "target": target, "connections": connections]
        func line(_ metric: String, _ value: Double, _ unit: String) {
            var fields = base
            fields["metric"] = metric
            fields["value"] = (value * 1000).rounded() / 1000
            fields["unit"] = unit
            printJSONLine(fields)
        }
        line("requests_per_second", result.requestsPerSecond, "req/s")
        line("latency_p50", percentile(result.latencies, 0.50), "ms")
        line("latency_p99", percentile(result.latencies, 0.99), "ms")
        if result.errors > 0 { line("errors", Double(result.errors), "count") }
    }

    func measure<Context: RequestContext>(
        router: Router<Context>, path: String, headers: [(String, String)], logger: Logger, clientGroup: any EventLoopGroup
    ) async throws -> HTTPLoadGenerator.Result where Context.Source == ApplicationRequestContextSource {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ValidationError("server did not start") }
            let generator = { (seconds: Int) in
                HTTPLoadGenerator(host: "127.0.0.1", port: port, path: path, headers: headers, connections: connections, duration: .seconds(seconds))
            }
            _ = try await generator(warmup).run(group: clientGroup)
            let result = try await generator(seconds).run(group: clientGroup)
            group.cancelAll()
            return result
        }
    }
}
