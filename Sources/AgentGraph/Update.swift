/// What a node returns: writes to state keys, applied by the runtime after the step through
/// each key's reducer. Writes keep their order; a second write to the same key in one
/// update replaces the first.
public struct Update: Sendable {
    struct Write: Sendable {
        let name: String
        var value: any Sendable
    }

    var writes: [Write]

    public init() { writes = [] }

    public static func set<Value>(_ key: StateKey<Value>, _ value: Value) -> Update {
        var update = Update()
        update.writes.append(Write(name: key.name, value: value))
        return update
    }

    /// Returns a copy with one more write (chainable: `.set(a, 1).set(b, 2)`).
    public func set<Value>(_ key: StateKey<Value>, _ value: Value) -> Update {
        var copy = self
        copy.write(key, value)
        return copy
    }

    public mutating func write<Value>(_ key: StateKey<Value>, _ value: Value) {
        if let index = writes.firstIndex(where: { $0.name == key.name }) {
            writes[index].value = value
        } else {
            writes.append(Write(name: key.name, value: value))
        }
    }

    public func value<Value>(for key: StateKey<Value>) -> Value? {
        writes.first(where: { $0.name == key.name })?.value as? Value
    }

    /// Names of the written keys, in write order.
    public var keyNames: [String] { writes.map(\.name) }

    public var isEmpty: Bool { writes.isEmpty }
}
