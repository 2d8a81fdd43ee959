/// A run failed. `code` says why; `node` names the node involved, when there is one.
public struct GraphError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case conflictingWrites, unknownChannel, wrongValueType, unknownNode
            case stepLimitExceeded, nodeTimedOut, nodeFailed, cancelled
            case noCheckpoint, checkpointConflict, checkpointCorrupt, checkpointerMissing, storageFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public var description: String { base.rawValue }

        /// Two nodes of one step wrote the same last-value key.
        public static let conflictingWrites = Code(.conflictingWrites)
        public static let unknownChannel = Code(.unknownChannel)
        public static let wrongValueType = Code(.wrongValueType)
        /// A conditional edge or `Send` named a node the graph does not have.
        public static let unknownNode = Code(.unknownNode)
        public static let stepLimitExceeded = Code(.stepLimitExceeded)
        public static let nodeTimedOut = Code(.nodeTimedOut)
        public static let nodeFailed = Code(.nodeFailed)
        public static let cancelled = Code(.cancelled)
        /// `resume` found no checkpoint for the thread.
        public static let noCheckpoint = Code(.noCheckpoint)
        /// Another writer already put a checkpoint at this step of the thread.
        public static let checkpointConflict = Code(.checkpointConflict)
        public static let checkpointCorrupt = Code(.checkpointCorrupt)
        public static let checkpointerMissing = Code(.checkpointerMissing)
        /// The checkpointer or thread lock threw; `underlying` says what.
        public static let storageFailed = Code(.storageFailed)
    }

    public let code: Code
    public let node: String?
    public let message: String
    public let underlying: (any Error)?

    public init(_ code: Code, node: String? = nil, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.node = node
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        var text = "GraphError.\(code)"
        if let node { text += " [\(node)]" }
        text += ": \(message)"
        if let underlying { text += " (\(underlying))" }
        return text
    }
}

/// `compile()` refused the graph; `problems` lists every reason found, not just the first.
public struct GraphValidationError: Error, Sendable, CustomStringConvertible {
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        case duplicateNode(String)
        case reservedName(String)
        case unknownSource(String)
        case unknownTarget(from: String, to: String)
        case noEntry
        case unreachable(String)
        case unknownChannel(node: String, key: String)
        /// Parallel writers (fan-out or sibling branches) write a last-value key.
        case missingReducer(key: String, nodes: [String])

        public var description: String {
            switch self {
            case .duplicateNode(let name): "node '\(name)' is declared twice"
            case .reservedName(let name): "'\(name)' is a reserved name"
            case .unknownSource(let name): "edge from unknown node '\(name)'"
            case .unknownTarget(let from, let to): "edge from '\(from)' to unknown node '\(to)'"
            case .noEntry: "no edge leaves START"
            case .unreachable(let name): "node '\(name)' cannot be reached from START"
            case .unknownChannel(let node, let key): "node '\(node)' writes undeclared key '\(key)'"
            case .missingReducer(let key, let nodes):
                "key '\(key)' is written in parallel by \(nodes.joined(separator: ", ")) but has no reducer"
            }
        }
    }

    public let problems: [Problem]

    public var description: String {
        "invalid graph: " + problems.map(\.description).joined(separator: "; ")
    }
}
