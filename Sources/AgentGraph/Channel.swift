/// The type-erased declaration of one state key: how it reduces and how it is coded for
/// checkpoints. Coding closures capture the concrete type so a checkpoint decodes to the
/// same Swift values it encoded.
struct Channel: Sendable {
    let name: String
    let isLastValue: Bool
    let reduce: @Sendable (inout (any Sendable)?, any Sendable) -> Void
    let encode: @Sendable (any Sendable, inout KeyedEncodingContainer<CodingName>) throws -> Void
    let decode: @Sendable (KeyedDecodingContainer<CodingName>) throws -> (any Sendable)?
    let accepts: @Sendable (any Sendable) -> Bool

    init<Value>(key: StateKey<Value>, reducer: Reducer<Value>) {
        name = key.name
        isLastValue = reducer.combine == nil
        let defaultValue = key.defaultValue
        if let combine = reducer.combine {
            reduce = { current, new in
                // Cast out, fold, store back: the slot is owned by the state being built.
                var value = current as? Value ?? defaultValue
                current = nil  // drop the box's reference so `value` stays uniquely referenced
                combine(&value, new as! Value)
                current = value
            }
        } else {
            reduce = { current, new in current = new }
        }
        let codingName = CodingName(key.name)
        encode = { value, container in try container.encode(value as! Value, forKey: codingName) }
        decode = { container in try container.decodeIfPresent(Value.self, forKey: codingName) }
        accepts = { $0 is Value }
    }
}

/// A coding key made from any string (state keys and node names).
struct CodingName: CodingKey, Sendable {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
