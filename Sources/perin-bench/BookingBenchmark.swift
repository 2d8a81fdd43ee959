import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import PerinTesting
import Scheduling
import Server
import Storage
import Synchronization

/// `perin-bench booking`: bookings per second through the public API on PostgreSQL across many
/// owners (each booking: resolve link, read calendar, locked check-and-insert, calendar event,
/// notification, audit), and the slots endpoint's latency. Needs `PERIN_TEST_DATABASE_URL`
/// (run it under `scripts/with-test-postgres.sh`); `--sqlite` measures the embedded store.
struct BookingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "booking", abstract: "Delegation bookings/s and slots latency.")

    @Option(help: "Owners, each with one link.") var owners = 100
    @Option(help: "Bookings in the measured run.") var bookings = 3000
    @Option(help: "Concurrent requests.") var concurrency = 64
    @Option(help: "Slots requests for the latency figure.") var slotRequests = 500
    @Option(help: "Measured rounds of bookings (each on its own day of slots); the figure is their median.") var rounds = 3
    @Flag(help: "Use SQLite instead of PostgreSQL.") var sqlite = false

    func run() async throws {
        var logger = Logger(label: "perin.bench")
        logger.logLevel = .error
        let kind: DatabaseKind = sqlite ? .sqlite : .postgresql
        let handle = try await TestDatabases.makeDatabase(kind)
        try await TestDatabases.withRunning(handle.location) { database in
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.publicURL = "http://127.0.0.1"
            configuration.rateLimits.publicPerMinute = 100_000_000
            configuration.rateLimits.apiPerMinute = 100_000_000
            let perin = PerinApplication(configuration: configuration, database: database, logger: logger)
            var constraints = DelegationConstraints()
            constraints.minimumNoticeMinutes = 0
            constraints.workingHours = Dictionary(uniqueKeysWithValues: (1...7).map { (String($0), ["00:00-24:00"]) })
            let links = DelegationLinks(database: database)
            var tokens: [String] = []
            for index in 0..<owners {
                let owner = try await UserRepository(database: database).create(.init(email: "owner\(index)@bench.example", name: "Owner \(index)"))
                tokens.append(try await links.create(ownerID: owner.id, ttl: 86_400 * 7, constraints: constraints).token)
            }
            let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
            let app = Application(router: perin.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
            var clientConfiguration = HTTPClient.Configuration()
            clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.run() }
                var ports = portStream.makeAsyncIterator()
                guard let port = await ports.next() else { throw ValidationError("server did not start") }
                let base = "http://127.0.0.1:\(port)"
                var rates: [Double] = []
                var created = 0, failed = 0
                for round in 0..<rounds {
                    let result = try await measureBookings(client: client, base: base, tokens: tokens, dayOffset: round)
                    rates.append(result.rate)
                    created += result.created
                    failed += result.failed
                }
                printJSONLine(["bench": "booking", "metric": "bookings_per_second", "value": percentile(rates.sorted(), 0.5).rounded(),
                               "unit": "bookings/s", "rounds": rates.map { $0.rounded() }, "database": kind.rawValue, "owners": tokens.count,
                               "concurrency": concurrency, "created": created, "failed": failed])
                try await measureSlots(client: client, base: base, tokens: tokens, kind: kind)
                group.cancelAll()
            }
            try await client.shutdown()
        }
        await handle.cleanup()
    }

    /// Distinct (owner, slot) pairs: every request should succeed, so the figure is the cost
    /// of a real booking, not of a refusal.
    func measureBookings(client: HTTPClient, base: String, tokens: [String], dayOffset: Int) async throws -> (rate: Double, created: Int, failed: Int) {
        let day = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 + Double(2 + 3 * dayOffset) * 86_400  // 3 days apart: the ±36 h busy window of one round never sees another's bookings
        let perOwner = (bookings + tokens.count - 1) / tokens.count
        let jobs = (0..<bookings).map { i -> (String, String) in
            let start = Date(timeIntervalSince1970: day + Double(i / tokens.count % perOwner) * 1800)
            return (tokens[i % tokens.count], ISO8601DateFormatter().string(from: start))
        }
        // Shared by the worker tasks; boxed in a class because `Atomic` cannot be captured by value.
        let counters = BenchCounters()
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        while true {
                            let index = counters.next.add(1, ordering: .relaxed).oldValue
                            guard index < jobs.count else { return }
                            var request = HTTPClientRequest(url: "\(base)/api/public/delegation/\(jobs[index].0)/book")
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(ByteBuffer(string: #"{"start":"\#(jobs[index].1)","name":"Guest","email":"g\#(index)@bench.example","timezone":"UTC"}"#))
                            let response = try await client.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            if response.status == .created { counters.created.add(1, ordering: .relaxed) } else { counters.failed.add(1, ordering: .relaxed) }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let ok = counters.created.load(ordering: .relaxed)
        return (Double(ok) / seconds, ok, counters.failed.load(ordering: .relaxed))
    }

    func measureSlots(client: HTTPClient, base: String, tokens: [String], kind: DatabaseKind) async throws {
        let clock = ContinuousClock()
        var times: [Double] = []
        var slotCount = 0
        for i in 0..<slotRequests {
            let url = "\(base)/api/public/delegation/\(tokens[i % tokens.count])/slots?tz=Europe/Berlin"
            var status: HTTPResponseStatus = .ok
            let elapsed = try await clock.measure {
                let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                let body = try await response.body.collect(upTo: 8 << 20)
                status = response.status
                if i == 0 { slotCount = body.readableBytesView.split(separator: UInt8(ascii: "{")).count - 2 }
            }
            guard status == .ok else { throw ValidationError("slots answered \(status)") }
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        times.sort()
        for (metric, q) in [("slots_latency_p50", 0.5), ("slots_latency_p99", 0.99)] {
            printJSONLine(["bench": "booking", "metric": metric, "value": (percentile(times, q) * 1000).rounded() / 1000, "unit": "ms",
                           "database": kind.rawValue, "window_days": 7, "slots_per_response": slotCount])
        }
    }
}

/// Counters shared by concurrent benchmark workers.
final class BenchCounters: Sendable {
    let next = Atomic<Int>(0)
    let created = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
}
