/// Reserved node names for the graph's entry and exit.
public enum GraphNode {
    public static let start = "__start__"
    public static let end = "__end__"
}

/// One dynamic branch: run `node` in the next step with its own input (LangGraph's `Send`).
/// The input is coded into checkpoints, so it must be Codable.
public struct Send: Sendable {
    public let node: String
    public let input: (any Codable & Sendable)?

    public init(_ node: String, input: (any Codable & Sendable)? = nil) {
        self.node = node
        self.input = input
    }
}

/// Where a conditional edge goes: a node (once per step, whoever else routes there) or a
/// dynamic branch (once per `Send`).
public enum Route: Sendable {
    case node(String)
    case send(Send)

    public static var end: Route { .node(GraphNode.end) }
}
