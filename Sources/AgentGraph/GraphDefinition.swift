/// The frozen, validated graph: nodes by index with their outgoing edges resolved, so a
/// step looks nothing up by name on the hot path.
final class GraphDefinition: Sendable {
    struct Node: Sendable {
        let name: String
        let policy: NodePolicy
        let run: NodeFunction
        /// Fixed successors (END dropped), ascending index.
        let targets: [Int]
        let routers: [Router]
    }

    struct Router: Sendable {
        let route: @Sendable (GraphState) throws -> [Route]
    }

    let nodes: [Node]
    let index: [String: Int]
    let channels: [String: Channel]
    let entryTargets: [Int]
    let entryRouters: [Router]
    let codec: StateCodec

    init(validating builder: GraphBuilder) throws {
        var problems: [GraphValidationError.Problem] = []
        var index: [String: Int] = [:]
        for (position, node) in builder.nodes.enumerated() {
            if node.name == GraphNode.start || node.name == GraphNode.end {
                problems.append(.reservedName(node.name))
            } else if index[node.name] != nil {
                problems.append(.duplicateNode(node.name))
            } else {
                index[node.name] = position
            }
            for key in node.writes where builder.channels[key] == nil {
                problems.append(.unknownChannel(node: node.name, key: key))
            }
        }

        var fixed: [String: Set<Int>] = [:]
        var routed: [String: [Router]] = [:]
        var successors: [String: Set<String>] = [:]  // every possible target, for reachability
        func check(_ source: String, _ target: String) -> Bool {
            if source != GraphNode.start, index[source] == nil {
                problems.append(.unknownSource(source))
                return false
            }
            if target != GraphNode.end, index[target] == nil {
                problems.append(.unknownTarget(from: source, to: target))
                return false
            }
            return true
        }
        for edge in builder.edges where check(edge.from, edge.to) {
            successors[edge.from, default: []].insert(edge.to)
            if let target = index[edge.to] { fixed[edge.from, default: []].insert(target) }
        }
        for conditional in builder.conditionals {
            for target in conditional.targets where check(conditional.source, target) {
                successors[conditional.source, default: []].insert(target)
            }
            routed[conditional.source, default: []].append(Router(route: conditional.route))
        }

        if successors[GraphNode.start, default: []].isEmpty { problems.append(.noEntry) }
        var reached: Set<String> = [GraphNode.start]
        var frontier = [GraphNode.start]
        while let next = frontier.popLast() {
            for target in successors[next, default: []] where reached.insert(target).inserted {
                frontier.append(target)
            }
        }
        for node in builder.nodes where index[node.name] != nil && !reached.contains(node.name) {
            problems.append(.unreachable(node.name))
        }
        problems += Self.missingReducers(builder, successors: successors, fixed: fixed, index: index)

        guard problems.isEmpty else { throw GraphValidationError(problems: problems) }
        self.index = index
        self.channels = builder.channels
        self.nodes = builder.nodes.map { node in
            Node(name: node.name, policy: node.policy, run: node.run,
                 targets: fixed[node.name, default: []].sorted(), routers: routed[node.name] ?? [])
        }
        self.entryTargets = fixed[GraphNode.start, default: []].sorted()
        self.entryRouters = routed[GraphNode.start] ?? []
        self.codec = StateCodec(channels: builder.channels)
    }

    /// Last-value keys that parallel writers declare: fan-out targets (several copies of the
    /// node run at once) and siblings of one fixed fan-out.
    private static func missingReducers(
        _ builder: GraphBuilder, successors: [String: Set<String>], fixed: [String: Set<Int>],
        index: [String: Int]
    ) -> [GraphValidationError.Problem] {
        func lastValueWrites(_ position: Int) -> [String] {
            builder.nodes[position].writes.filter { builder.channels[$0]?.isLastValue == true }
        }
        var problems: Set<GraphValidationError.Problem> = []
        for conditional in builder.conditionals where conditional.isFanOut {
            for target in conditional.targets {
                guard let position = index[target] else { continue }
                for key in lastValueWrites(position) { problems.insert(.missingReducer(key: key, nodes: [target])) }
            }
        }
        for (_, siblings) in fixed where siblings.count > 1 {
            var writers: [String: [String]] = [:]
            for position in siblings.sorted() {
                for key in lastValueWrites(position) { writers[key, default: []].append(builder.nodes[position].name) }
            }
            for (key, nodes) in writers where nodes.count > 1 { problems.insert(.missingReducer(key: key, nodes: nodes)) }
        }
        return problems.sorted { $0.description < $1.description }
    }
}
