/// A typed key of the graph state. The default is what a read returns before any write.
///
/// Keys are plain values (declare them as `static let`); the channel behaviour of a key
/// (last value or a reducer) is declared once on the builder with `addChannel`.
public struct StateKey<Value: Codable & Sendable>: Sendable {
    public let name: String
    public let defaultValue: Value

    public init(_ name: String, default defaultValue: Value) {
        self.name = name
        self.defaultValue = defaultValue
    }

    public init<Wrapped>(_ name: String) where Value == Wrapped? {
        self.init(name, default: nil)
    }
}

/// Any state key, whatever its value type: used where only the name matters
/// (declared writes of a node).
public protocol AnyStateKey: Sendable {
    var name: String { get }
}

extension StateKey: AnyStateKey {}

extension StateKey where Value == [String: String] {
    /// Written by nodes whose policy degrades: node name → error description.
    public static var nodeFailures: StateKey<[String: String]> {
        StateKey("__node_failures__", default: [:])
    }
}
