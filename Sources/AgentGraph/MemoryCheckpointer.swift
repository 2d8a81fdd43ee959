import Synchronization

/// Checkpoints in process memory: for tests, benchmarks and single-process use without a
/// database. A mutex, not an actor: every operation is short and synchronous.
public final class MemoryCheckpointer: Checkpointer {
    fileprivate struct Thread {
        var checkpoints: [Checkpoint] = []  // ascending step
        var writes: [Int: [PendingWrite]] = [:]  // step → writes
    }

    private let threads = Mutex<[String: Thread]>([:])

    public init() {}

    public func get(thread: String, step: Int?) async throws -> CheckpointRecord? {
        threads.withLock { threads in
            guard let stored = threads[thread] else { return nil }
            let found = step.map { step in stored.checkpoints.last(where: { $0.step == step }) }
                ?? stored.checkpoints.last
            guard let checkpoint = found else { return nil }
            let writes = (stored.writes[checkpoint.step] ?? []).sorted { $0.taskIndex < $1.taskIndex }
            return CheckpointRecord(checkpoint: checkpoint, pendingWrites: writes)
        }
    }

    public func list(thread: String, limit: Int?) async throws -> [Checkpoint] {
        threads.withLock { threads in
            let all = (threads[thread]?.checkpoints ?? []).reversed()
            return Array(limit.map { all.prefix($0) } ?? all[...])
        }
    }

    public func put(_ checkpoint: Checkpoint) async throws {
        try threads.withLock { threads in
            // Mutate in place through the default subscript: no copy of the thread's arrays.
            try threads[checkpoint.threadID, default: Thread()].insert(checkpoint)
        }
    }

    public func putWrites(_ writes: [PendingWrite], thread: String, step: Int) async throws {
        threads.withLock { threads in
            threads[thread, default: Thread()].record(writes, step: step)
        }
    }

    public func deleteThread(_ thread: String) async throws {
        _ = threads.withLock { $0.removeValue(forKey: thread) }
    }

    public func prune(thread: String, keepLast: Int) async throws {
        threads.withLock { threads in
            threads[thread]?.keep(last: keepLast)
        }
    }
}

extension MemoryCheckpointer.Thread {
    mutating func insert(_ checkpoint: Checkpoint) throws {
        if let last = checkpoints.last, last.step >= checkpoint.step,
           checkpoints.contains(where: { $0.step == checkpoint.step }) {
            throw GraphError(.checkpointConflict, "thread '\(checkpoint.threadID)' already has step \(checkpoint.step)")
        }
        checkpoints.append(checkpoint)
        if checkpoints.count > 1, checkpoints[checkpoints.count - 2].step > checkpoint.step {
            checkpoints.sort { $0.step < $1.step }
        }
    }

    mutating func record(_ new: [PendingWrite], step: Int) {
        var existing = writes.removeValue(forKey: step) ?? []
        for write in new {
            existing.removeAll { $0.taskIndex == write.taskIndex }
            existing.append(write)
        }
        writes[step] = existing
    }

    mutating func keep(last keepLast: Int) {
        guard checkpoints.count > keepLast else { return }
        checkpoints.removeFirst(checkpoints.count - max(0, keepLast))
        let oldest = checkpoints.first?.step ?? Int.max
        if !writes.isEmpty { writes = writes.filter { $0.key >= oldest } }
    }
}
