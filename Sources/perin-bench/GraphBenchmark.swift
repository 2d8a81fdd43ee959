import AgentGraph
import ArgumentParser
import Foundation
import Logging
import Storage
import Synchronization

/// `perin-bench graph`: the two shapes of `shared/bench/langgraph_baseline.py` (chain3,
/// fanout5; every node appends one item through an append reducer), measured the same way:
/// 200 warm-up runs, then batches of 50 runs, median of the per-run batch means.
struct GraphBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "AgentGraph runtime: chain3 and fanout5 per-node cost, checkpoint writes, memory per in-flight run.",
        subcommands: [GraphShapesBenchmark.self, GraphCrashChild.self],
        defaultSubcommand: GraphShapesBenchmark.self
    )
}

struct GraphShapesBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run every graph benchmark (default).")

    @Option(help: "Runs per shape (as the LangGraph script's --runs).") var runs = 2000
    @Option(help: "Concurrent chain3 runs for the memory figure.") var inflight = 10_000

    func run() async throws {
        for shape in BenchShape.allCases {
            let graph = try shape.graph(checkpointer: nil)
            let perRun = try await measure(runs: runs) { _ in _ = try await graph.invoke() }
            report(shape, perRun: perRun, extra: [:])
        }
        let memory = MemoryCheckpointer()
        for shape in BenchShape.allCases {
            let graph = try shape.graph(checkpointer: memory)
            let perRun = try await measure(runs: runs) { run in
                _ = try await graph.invoke(config: RunConfig(threadID: "\(shape)-\(run)"))
            }
            report(shape, perRun: perRun, extra: ["checkpointer": "memory"])
        }
        try await withBenchSQLite { database in
            let store = SQLCheckpointer(database: database)
            for shape in BenchShape.allCases {
                let graph = try shape.graph(checkpointer: store)
                let perRun = try await measure(runs: runs) { run in
                    _ = try await graph.invoke(config: RunConfig(threadID: "\(shape)-\(run)"))
                }
                report(shape, perRun: perRun, extra: ["checkpointer": "sqlite"])
            }
            try await measureCheckpointWrites(store, writes: runs)
        }
        try await measureInflightMemory(runs: inflight)
    }

    private func report(_ shape: BenchShape, perRun: Double, extra: [String: any Sendable]) {
        var fields: [String: any Sendable] = [
            "engine": "perin", "shape": shape.rawValue, "runs": runs,
            "us_per_run_median": (perRun * 100).rounded() / 100,
            "us_per_node_median": (perRun / Double(shape.nodes) * 100).rounded() / 100,
        ]
        for (key, value) in extra { fields[key] = value }
        printJSONLine(fields)
    }

    /// Median over batches of 50 of the mean microseconds per run, after 200 warm-up runs.
    private func measure(runs: Int, _ body: (Int) async throws -> Void) async throws -> Double {
        var run = 0
        for _ in 0..<200 { try await body(run); run += 1 }
        let batch = 50
        var samples: [Double] = []
        for _ in 0..<max(1, runs / batch) {
            let start = ContinuousClock.now
            for _ in 0..<batch { try await body(run); run += 1 }
            samples.append(microseconds(ContinuousClock.now - start) / Double(batch))
        }
        return percentile(samples.sorted(), 0.5)
    }

    /// One `put` (with retention pruning, as a run does) of a chain3-sized checkpoint.
    private func measureCheckpointWrites(_ store: SQLCheckpointer, writes: Int) async throws {
        let state = Data(#"{"items":["a","b","c"]}"#.utf8)
        var samples: [Double] = []
        for step in 0..<writes {
            let checkpoint = Checkpoint(
                threadID: "writes", step: step, parentStep: step == 0 ? nil : step - 1, runID: "bench",
                state: state, next: [PendingTask(node: "b")])
            let start = ContinuousClock.now
            try await store.put(checkpoint, keepLast: 20)
            samples.append(microseconds(ContinuousClock.now - start))
        }
        samples.sort()
        printJSONLine([
            "engine": "perin", "metric": "sqlite_checkpoint_write_us", "writes": writes,
            "p50": (percentile(samples, 0.5) * 10).rounded() / 10,
            "p99": (percentile(samples, 0.99) * 10).rounded() / 10,
        ])
    }

    /// Peak RSS growth over `runs` concurrent chain3 runs whose middle node sleeps 100 ms.
    private func measureInflightMemory(runs: Int) async throws {
        let sleeping = Atomic<Int>(0)
        let graph = try BenchShape.chain3Sleeping { sleeping.add(1, ordering: .relaxed) }
        try await withThrowingTaskGroup(of: Void.self) { group in  // warm the runtime up
            for _ in 0..<100 { group.addTask { _ = try await graph.invoke() } }
            try await group.waitForAll()
        }
        sleeping.store(0, ordering: .relaxed)
        let before = residentBytes()
        var peak = before
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<runs { group.addTask { _ = try await graph.invoke() } }
            while sleeping.load(ordering: .relaxed) < runs {
                peak = max(peak, residentBytes())
                try await Task.sleep(for: .milliseconds(2))
            }
            peak = max(peak, residentBytes())  // every run is now in flight
            try await group.waitForAll()
        }
        printJSONLine([
            "engine": "perin", "metric": "bytes_per_inflight_run", "runs": runs, "shape": "chain3",
            "bytes_per_inflight_run": (peak - before) / runs,
            "rss_before_bytes": before, "rss_peak_bytes": peak,
        ])
    }
}

/// The benchmark graphs, node for node those of the LangGraph script.
enum BenchShape: String, CaseIterable {
    case chain3, fanout5

    static let items = StateKey<[String]>("items", default: [])

    var nodes: Int { self == .chain3 ? 3 : 7 }

    func graph(checkpointer: (any Checkpointer)?) throws -> CompiledGraph {
        var builder = GraphBuilder()
        builder.addChannel(Self.items, reducer: .append)
        func node(_ name: String) -> NodeFunction { { _, _ in .set(Self.items, [name]) } }
        switch self {
        case .chain3:
            for name in ["a", "b", "c"] { builder.addNode(name, node(name)) }
            builder.addEdge(from: GraphNode.start, to: "a")
            builder.addEdge(from: "a", to: "b")
            builder.addEdge(from: "b", to: "c")
            builder.addEdge(from: "c", to: GraphNode.end)
        case .fanout5:
            builder.addNode("split", node("split"))
            builder.addNode("join", node("join"))
            builder.addEdge(from: GraphNode.start, to: "split")
            for index in 0..<5 {
                builder.addNode("w\(index)", node("w\(index)"))
                builder.addEdge(from: "split", to: "w\(index)")
                builder.addEdge(from: "w\(index)", to: "join")
            }
            builder.addEdge(from: "join", to: GraphNode.end)
        }
        return try builder.compile(checkpointer: checkpointer)
    }

    static func chain3Sleeping(_ entered: @escaping @Sendable () -> Void) throws -> CompiledGraph {
        var builder = GraphBuilder()
        builder.addChannel(items, reducer: .append)
        builder.addNode("a") { _, _ in .set(items, ["a"]) }
        builder.addNode("b") { _, _ in
            entered()
            try await Task.sleep(for: .milliseconds(100))
            return .set(items, ["b"])
        }
        builder.addNode("c") { _, _ in .set(items, ["c"]) }
        builder.addEdge(from: GraphNode.start, to: "a")
        builder.addEdge(from: "a", to: "b")
        builder.addEdge(from: "b", to: "c")
        builder.addEdge(from: "c", to: GraphNode.end)
        return try builder.compile()
    }
}

func microseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
}

/// Resident set size from /proc (Linux); 0 where it cannot be read.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// A migrated SQLite database in a temporary folder, removed afterwards.
func withBenchSQLite(_ body: (PerinDatabase) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perin-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await withSQLiteDatabase(path: directory.appendingPathComponent("bench.sqlite").path, body)
}

func withSQLiteDatabase(path: String, _ body: (PerinDatabase) async throws -> Void) async throws {
    var logger = Logger(label: "perin.bench")
    logger.logLevel = .warning
    let database = try await PerinDatabase(location: .sqliteFile(path: path), logger: logger)
    do {
        try await MigrationRunner(database: database, migrations: Migrations.all + [Migration020GraphCheckpoints.migration]).migrate()
        try await body(database)
    } catch {
        try? await database.close()
        throw error
    }
    try await database.close()
}

/// Hidden: the child process of the AgentGraph crash test. `run` starts a two-branch step
/// whose `effect` branch records a side effect and whose `slow` branch blocks until the
/// parent kills the process; `resume` finishes the thread and prints its items as JSON.
struct GraphCrashChild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crash-child", shouldDisplay: false)

    @Option var database: String
    @Option var effects: String
    @Option var ready: String
    @Option var thread: String
    @Flag var resume = false

    func run() async throws {
        var builder = GraphBuilder()
        builder.addChannel(BenchShape.items, reducer: .append)
        let (effects, ready, resume) = (effects, ready, resume)
        builder.addNode("effect") { _, _ in
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: effects))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("effect\n".utf8))
            try handle.close()
            return .set(BenchShape.items, ["effect"])
        }
        builder.addNode("slow") { _, _ in
            if !resume {
                try await Task.sleep(for: .milliseconds(300))  // the effect's write is saved by now
                FileManager.default.createFile(atPath: ready, contents: Data())
                try await Task.sleep(for: .seconds(60))  // killed here
            }
            return .set(BenchShape.items, ["slow"])
        }
        builder.addNode("join") { _, _ in .set(BenchShape.items, ["join"]) }
        for name in ["effect", "slow"] {
            builder.addEdge(from: GraphNode.start, to: name)
            builder.addEdge(from: name, to: "join")
        }
        builder.addEdge(from: "join", to: GraphNode.end)
        try await withSQLiteDatabase(path: database) { database in
            let graph = try builder.compile(checkpointer: SQLCheckpointer(database: database))
            let result = resume
                ? try await graph.resume(thread: thread)
                : try await graph.invoke(config: RunConfig(threadID: thread))
            let json = try JSONEncoder().encode(result.state[BenchShape.items])
            print(String(decoding: json, as: UTF8.self))
        }
    }
}
