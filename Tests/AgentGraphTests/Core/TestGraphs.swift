import AgentGraph
import Foundation
import Synchronization

/// Keys and small graphs shared by the AgentGraph tests.
enum Keys {
    static let items = StateKey<[String]>("items", default: [])
    static let answer = StateKey<String?>("answer")
    static let count = StateKey<Int>("count", default: 0)
    static let tags = StateKey<[String: String]>("tags", default: [:])
}

/// A node that appends its own name to `items`.
func appending(_ name: String) -> NodeFunction {
    { _, _ in .set(Keys.items, [name]) }
}

func chain(_ names: [String], checkpointer: (any Checkpointer)? = nil, retention: Int? = 20) throws -> CompiledGraph {
    var builder = GraphBuilder()
    builder.addChannel(Keys.items, reducer: .append)
    var previous = GraphNode.start
    for name in names {
        builder.addNode(name, appending(name))
        builder.addEdge(from: previous, to: name)
        previous = name
    }
    builder.addEdge(from: previous, to: GraphNode.end)
    return try builder.compile(checkpointer: checkpointer, retention: retention)
}

/// A thread-safe counter for side effects seen by tests.
final class Counter: Sendable {
    private let value = Mutex<[String: Int]>([:])

    func increment(_ key: String = "") {
        value.withLock { $0[key, default: 0] += 1 }
    }

    func count(_ key: String = "") -> Int {
        value.withLock { $0[key, default: 0] }
    }
}

/// Collects every event of a stream.
func collect(_ stream: AsyncStream<GraphEvent>) async -> [GraphEvent] {
    var events: [GraphEvent] = []
    for await event in stream { events.append(event) }
    return events
}

func uniqueThread(_ label: String = "t") -> String {
    "\(label)-\(UUID().uuidString)"
}

/// Counts how many callers are inside a region at once, and the most there ever were.
final class ActiveGauge: Sendable {
    private let state = Mutex<(now: Int, maximum: Int)>((0, 0))

    func enter() {
        state.withLock { $0.now += 1; $0.maximum = max($0.maximum, $0.now) }
    }

    func leave() {
        state.withLock { $0.now -= 1 }
    }

    var maximum: Int { state.withLock { $0.maximum } }
}
