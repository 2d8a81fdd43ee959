/// Rebuilds whole tool calls from streamed fragments.
///
/// OpenAI sends a call's `id` and `name` in its first fragment and then argument pieces under
/// the same `index`. Some servers instead reuse index 0 for every parallel call and tell them
/// apart only by a new `id`; others send a whole call in one fragment. All three are handled:
/// a fragment joins the call with its `id` if known, else the latest call at its `index`,
/// unless it carries a different `id`, which starts a new call.
public struct ToolCallAssembler: Sendable {
    private struct Partial: Sendable {
        var id: String?
        var name = ""
        var arguments = ""
    }

    private var partials: [Partial] = []
    private var slotByIndex: [Int: Int] = [:]
    private var slotByID: [String: Int] = [:]

    public init() {}

    public var isEmpty: Bool { partials.isEmpty }

    public mutating func add(index: Int, id: String?, name: String?, argumentsFragment: String) {
        let id = id.flatMap { $0.isEmpty ? nil : $0 }
        let slot: Int
        if let id, let known = slotByID[id] {
            slot = known
        } else if let current = slotByIndex[index], id == nil || partials[current].id == nil {
            slot = current
            if let id {
                partials[current].id = id
                slotByID[id] = current
            }
        } else {
            slot = partials.count
            partials.append(Partial(id: id))
            if let id { slotByID[id] = slot }
        }
        slotByIndex[index] = slot
        if let name, !name.isEmpty, partials[slot].name != name {
            // A name normally arrives whole once; a server repeating it must not double it.
            partials[slot].name += name
        }
        partials[slot].arguments += argumentsFragment
    }

    /// The calls in the order they started; calls the server left without an id get a
    /// stable generated one so tool results can still refer to them.
    public func calls() -> [ToolCall] {
        partials.enumerated().map { offset, partial in
            ToolCall(id: partial.id ?? "call_\(offset)", name: partial.name, arguments: partial.arguments)
        }
    }
}
