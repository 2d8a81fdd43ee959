import Synchronization

/// One turn at a time per user: a second concurrent turn is refused (the HTTP layer answers
/// 409 `turn_in_progress`) rather than queued, so a client never waits on a hidden queue
/// and two turns never interleave their writes to one conversation.
public final class TurnGate: Sendable {
    private let active = Mutex<Set<String>>([])

    public init() {}

    /// Claims the user's slot; nil when a turn is already running.
    public func enter(_ userID: String) -> TurnTicket? {
        let claimed = active.withLock { $0.insert(userID).inserted }
        return claimed ? TurnTicket(userID: userID, gate: self) : nil
    }

    func leave(_ userID: String) {
        _ = active.withLock { $0.remove(userID) }
    }

    public var activeCount: Int { active.withLock { $0.count } }
}

/// A claimed turn slot; released exactly once, when the turn has stored its reply.
public final class TurnTicket: Sendable {
    public let userID: String
    private let gate: TurnGate
    private let released = Atomic<Bool>(false)

    init(userID: String, gate: TurnGate) {
        self.userID = userID
        self.gate = gate
    }

    public func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { gate.leave(userID) }
    }

    deinit { release() }
}
