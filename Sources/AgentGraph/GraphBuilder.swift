/// A node: reads the state, does its work, returns the writes it wants applied.
public typealias NodeFunction = @Sendable (GraphState, NodeContext) async throws -> Update

/// Collects channels, nodes and edges; `compile()` validates them into a `CompiledGraph`.
/// The builder itself cannot run.
public struct GraphBuilder {
    struct NodeDeclaration {
        let name: String
        let policy: NodePolicy
        let writes: [String]
        let run: NodeFunction
    }

    struct ConditionalDeclaration {
        let source: String
        let targets: [String]
        let isFanOut: Bool
        let route: @Sendable (GraphState) throws -> [Route]
    }

    var channels: [String: Channel] = [:]
    var nodes: [NodeDeclaration] = []
    var edges: [(from: String, to: String)] = []
    var conditionals: [ConditionalDeclaration] = []

    public init() {
        addChannel(.nodeFailures, reducer: .mergeDictionary())
    }

    /// Declares a state key and how its writes combine (last value unless told).
    public mutating func addChannel<Value>(_ key: StateKey<Value>, reducer: Reducer<Value> = .lastValue) {
        channels[key.name] = Channel(key: key, reducer: reducer)
    }

    /// Adds a node. `writes` (optional) lists the keys it writes, so `compile()` can check
    /// that they are declared and that parallel writers have a reducer.
    public mutating func addNode(
        _ name: String, policy: NodePolicy = .default, writes: [any AnyStateKey] = [],
        _ run: @escaping NodeFunction
    ) {
        nodes.append(NodeDeclaration(name: name, policy: policy, writes: writes.map(\.name), run: run))
    }

    /// A fixed edge; use `GraphNode.start` / `GraphNode.end` for the entry and exit.
    public mutating func addEdge(from source: String, to target: String) {
        edges.append((source, target))
    }

    /// Routes on state after `source`'s step. `targets` lists every node the router may
    /// name (checked at compile time and at run time).
    public mutating func addConditionalEdges(
        from source: String, targets: [String],
        _ route: @escaping @Sendable (GraphState) throws -> [Route]
    ) {
        conditionals.append(ConditionalDeclaration(source: source, targets: targets, isFanOut: false, route: route))
    }

    /// A conditional edge that picks exactly one next node.
    public mutating func addConditionalEdge(
        from source: String, targets: [String], _ choose: @escaping @Sendable (GraphState) throws -> String
    ) {
        addConditionalEdges(from: source, targets: targets) { state in [.node(try choose(state))] }
    }

    /// Dynamic fan-out: one branch per `Send` returned (all run in the same next step).
    public mutating func addFanOut(
        from source: String, targets: [String], _ sends: @escaping @Sendable (GraphState) throws -> [Send]
    ) {
        conditionals.append(ConditionalDeclaration(
            source: source, targets: targets, isFanOut: true,
            route: { state in try sends(state).map(Route.send) }))
    }

    /// Validates and freezes the graph.
    /// - Parameters:
    ///   - checkpointer: where runs with a thread id keep a checkpoint after every step.
    ///   - retention: checkpoints kept per thread (nil keeps all).
    ///   - threadLock: a cross-process lock taken around every run on a thread.
    ///   - localLock: the in-process lock; tests pass their own to stand for another process.
    public func compile(
        checkpointer: (any Checkpointer)? = nil, retention: Int? = 20, threadLock: (any ThreadLock)? = nil,
        localLock: LocalThreadLock = .shared
    ) throws -> CompiledGraph {
        let definition = try GraphDefinition(validating: self)
        return CompiledGraph(
            definition: definition, checkpointer: checkpointer, retention: retention,
            localLock: localLock, threadLock: threadLock)
    }
}
