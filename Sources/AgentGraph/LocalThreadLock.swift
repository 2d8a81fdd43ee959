import Synchronization

/// One writer per thread within this process: a waiter queue per held thread, handed over
/// in arrival order. No actor: acquire and release are a few instructions under a mutex.
public final class LocalThreadLock: ThreadLock {
    /// Shared by every graph of the process, so two graphs on one checkpointer thread
    /// also take turns.
    public static let shared = LocalThreadLock()

    private struct Holder {
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let held = Mutex<[String: Holder]>([:])

    public init() {}

    public func withLock<Result: Sendable>(
        thread: String, _ body: () async throws -> Result
    ) async throws -> Result {
        await acquire(thread)
        defer { release(thread) }
        return try await body()
    }

    private func acquire(_ thread: String) async {
        let free = held.withLock { held -> Bool in
            if held[thread] == nil {
                held[thread] = Holder()
                return true
            }
            return false
        }
        if free { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = held.withLock { held -> Bool in
                if held[thread] == nil {  // released between the two locks
                    held[thread] = Holder()
                    return true
                }
                held[thread]!.waiters.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    private func release(_ thread: String) {
        let next = held.withLock { held -> CheckedContinuation<Void, Never>? in
            guard var holder = held[thread] else { return nil }
            if holder.waiters.isEmpty {
                held[thread] = nil
                return nil
            }
            let next = holder.waiters.removeFirst()  // ownership passes to it directly
            held[thread] = holder
            return next
        }
        next?.resume()
    }
}
