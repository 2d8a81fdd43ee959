import Synchronization

/// At most `permits` bodies run at once; the rest wait in FIFO order. With one permit it is an
/// async lock whose holder may suspend (the SQLite back end's one connection).
///
/// The wait happens before the body's frames exist: a burst of thousands of new requests then
/// holds thousands of small waiting frames instead of thousands of deep database stacks (a task
/// keeps the memory of its deepest stack while it lives; on SQLite the statements queue on one
/// connection anyway, so running them all at once gains nothing).
public final class AsyncLimiter: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state: Mutex<State>

    public init(permits: Int) {
        precondition(permits > 0, "an AsyncLimiter needs at least one permit")
        state = Mutex(State(available: permits))
    }

    public func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let acquired = state.withLock { state -> Bool in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquiredLate = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquiredLate { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.waiters.removeAll(keepingCapacity: true)
                state.head = 0
                state.available += 1
                return nil
            }
            let next = state.waiters[state.head]
            state.head += 1
            // The permit passes straight to the next waiter.
            return next
        }
        next?.resume()
    }
}
