/// The state of a run: a value type (copy-on-write dictionary storage), read by nodes and
/// changed only by the runtime applying their updates.
public struct GraphState: Sendable {
    var values: [String: any Sendable]

    public init() { values = [:] }

    public subscript<Value>(key: StateKey<Value>) -> Value {
        values[key.name] as? Value ?? key.defaultValue
    }

    /// Whether the key has ever been written.
    public func contains<Value>(_ key: StateKey<Value>) -> Bool {
        values[key.name] != nil
    }

    /// Names of the keys that hold a value, sorted.
    public var keyNames: [String] { values.keys.sorted() }
}
