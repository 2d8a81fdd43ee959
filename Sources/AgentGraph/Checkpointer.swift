/// Where a graph keeps its checkpoints. Implementations: `MemoryCheckpointer` here, SQLite and
/// PostgreSQL in the Storage module; one conformance suite runs against all of them.
public protocol Checkpointer: Sendable {
    /// The checkpoint at `step`, or the newest one when `step` is nil, with its pending writes.
    func get(thread: String, step: Int?) async throws -> CheckpointRecord?

    /// The thread's checkpoints, newest first, at most `limit` of them.
    func list(thread: String, limit: Int?) async throws -> [Checkpoint]

    /// Stores a new checkpoint. Throws `GraphError.checkpointConflict` when the thread already
    /// has one at that step: checkpoints are never overwritten, so chains cannot fork.
    func put(_ checkpoint: Checkpoint) async throws

    /// Records task outcomes against the checkpoint at `step`; a second write for the same
    /// task index replaces the first.
    func putWrites(_ writes: [PendingWrite], thread: String, step: Int) async throws

    func deleteThread(_ thread: String) async throws

    /// Keeps the newest `keepLast` checkpoints of the thread (and their writes), deletes the rest.
    func prune(thread: String, keepLast: Int) async throws

    /// `put` then, when `keepLast` is set, `prune`; SQL stores do both in one transaction.
    func put(_ checkpoint: Checkpoint, keepLast: Int?) async throws
}

extension Checkpointer {
    public func put(_ checkpoint: Checkpoint, keepLast: Int?) async throws {
        try await put(checkpoint)
        if let keepLast { try await prune(thread: checkpoint.threadID, keepLast: keepLast) }
    }

    public func get(thread: String) async throws -> CheckpointRecord? {
        try await get(thread: thread, step: nil)
    }
}
