/// How a channel combines a new write with its current value.
///
/// `lastValue` keeps the newest write and forbids two writes in one step; every other
/// reducer folds writes in task order, so parallel writers are deterministic.
public struct Reducer<Value: Sendable>: Sendable {
    let combine: (@Sendable (inout Value, Value) -> Void)?

    public static var lastValue: Reducer { Reducer(combine: nil) }

    public static func custom(_ combine: @escaping @Sendable (inout Value, Value) -> Void) -> Reducer {
        Reducer(combine: combine)
    }

    /// New entries win on key collisions.
    public static func mergeDictionary<Key, Element>() -> Reducer where Value == [Key: Element] {
        Reducer(combine: { current, new in current.merge(new) { _, newer in newer } })
    }
}

extension Reducer where Value: RangeReplaceableCollection {
    public static var append: Reducer {
        Reducer(combine: { current, new in current.append(contentsOf: new) })
    }
}
