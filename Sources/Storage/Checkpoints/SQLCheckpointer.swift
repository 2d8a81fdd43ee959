import AgentGraph
import Foundation
import SQLKit

/// AgentGraph checkpoints in the Perin database, written once over SQLKit for SQLite and
/// PostgreSQL. Inserts never overwrite: a second writer at the same step of a thread gets
/// `GraphError.checkpointConflict`, so the parent chain stays linear even without a lock.
public struct SQLCheckpointer: Checkpointer {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public func get(thread: String, step: Int?) async throws -> CheckpointRecord? {
        try await database.withConnection { db in
            var query = db.select().column("*").from("graph_checkpoints").where("thread_id", .equal, thread)
            if let step { query = query.where("step", .equal, step) }
            guard let row = try await query.orderBy("step", .descending).limit(1).first() else { return nil }
            let checkpoint = try Self.checkpoint(from: row)
            let writes = try await db.select().column("*").from("graph_checkpoint_writes")
                .where("thread_id", .equal, thread).where("step", .equal, checkpoint.step)
                .orderBy("task_index").all()
                .map(Self.pendingWrite(from:))
            return CheckpointRecord(checkpoint: checkpoint, pendingWrites: writes)
        }
    }

    public func list(thread: String, limit: Int?) async throws -> [Checkpoint] {
        try await database.withConnection { db in
            var query = db.select().column("*").from("graph_checkpoints").where("thread_id", .equal, thread)
                .orderBy("step", .descending)
            if let limit { query = query.limit(limit) }
            return try await query.all().map(Self.checkpoint(from:))
        }
    }

    public func put(_ checkpoint: Checkpoint) async throws {
        try await put(checkpoint, keepLast: nil)
    }

    public func put(_ checkpoint: Checkpoint, keepLast: Int?) async throws {
        let next = String(decoding: try JSONEncoder().encode(checkpoint.next), as: UTF8.self)
        try await database.withTransaction { db in
            // ON CONFLICT DO NOTHING + RETURNING: no row back means the step was taken.
            let inserted = try await db.raw("""
                INSERT INTO graph_checkpoints
                    (thread_id, step, parent_step, run_id, version, state, next_tasks, created_at)
                VALUES (\(bind: checkpoint.threadID), \(bind: checkpoint.step), \(bind: checkpoint.parentStep),
                        \(bind: checkpoint.runID), \(bind: checkpoint.version),
                        \(bind: String(decoding: checkpoint.state, as: UTF8.self)), \(bind: next),
                        \(bind: checkpoint.createdAt))
                ON CONFLICT (thread_id, step) DO NOTHING
                RETURNING step
                """).first()
            guard inserted != nil else {
                throw GraphError(.checkpointConflict, "thread '\(checkpoint.threadID)' already has step \(checkpoint.step)")
            }
            if let keepLast {
                // Steps of a thread are contiguous, so the newest `keepLast` are a range.
                let oldestKept = checkpoint.step - max(keepLast, 1) + 1
                try await Self.delete(thread: checkpoint.threadID, before: oldestKept, on: db)
            }
        }
    }

    public func putWrites(_ writes: [PendingWrite], thread: String, step: Int) async throws {
        guard !writes.isEmpty else { return }
        try await database.withTransaction { db in
            for write in writes {
                try await db.raw("""
                    INSERT INTO graph_checkpoint_writes (thread_id, step, task_index, node, kind, data)
                    VALUES (\(bind: thread), \(bind: step), \(bind: write.taskIndex), \(bind: write.node),
                            \(bind: write.kind.rawValue), \(bind: String(decoding: write.data, as: UTF8.self)))
                    ON CONFLICT (thread_id, step, task_index)
                    DO UPDATE SET node = excluded.node, kind = excluded.kind, data = excluded.data
                    """).run()
            }
        }
    }

    public func deleteThread(_ thread: String) async throws {
        try await database.withTransaction { db in
            try await db.delete(from: "graph_checkpoint_writes").where("thread_id", .equal, thread).run()
            try await db.delete(from: "graph_checkpoints").where("thread_id", .equal, thread).run()
        }
    }

    public func prune(thread: String, keepLast: Int) async throws {
        try await database.withTransaction { db in
            guard keepLast > 0 else {
                try await Self.delete(thread: thread, before: Int.max, on: db)
                return
            }
            // The step of the oldest checkpoint to keep; none when there are fewer than keepLast.
            guard let kept = try await db.select().column("step").from("graph_checkpoints")
                .where("thread_id", .equal, thread).orderBy("step", .descending)
                .offset(keepLast - 1).limit(1).first()
            else { return }
            try await Self.delete(thread: thread, before: try kept.decode(column: "step", as: Int.self), on: db)
        }
    }

    private static func delete(thread: String, before step: Int, on db: any SQLDatabase) async throws {
        try await db.delete(from: "graph_checkpoint_writes")
            .where("thread_id", .equal, thread).where("step", .lessThan, step).run()
        try await db.delete(from: "graph_checkpoints")
            .where("thread_id", .equal, thread).where("step", .lessThan, step).run()
    }

    private static func checkpoint(from row: any SQLRow) throws -> Checkpoint {
        Checkpoint(
            threadID: try row.decode(column: "thread_id", as: String.self),
            step: try row.decode(column: "step", as: Int.self),
            parentStep: try row.decode(column: "parent_step", as: Int?.self),
            runID: try row.decode(column: "run_id", as: String.self),
            state: Data(try row.decode(column: "state", as: String.self).utf8),
            next: try JSONDecoder().decode([PendingTask].self, from: Data(try row.decode(column: "next_tasks", as: String.self).utf8)),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    private static func pendingWrite(from row: any SQLRow) throws -> PendingWrite {
        let kind = try row.decode(column: "kind", as: String.self)
        guard let parsed = PendingWrite.Kind(rawValue: kind) else {
            throw GraphError(.checkpointCorrupt, "unknown pending write kind '\(kind)'")
        }
        return PendingWrite(
            taskIndex: try row.decode(column: "task_index", as: Int.self),
            node: try row.decode(column: "node", as: String.self),
            kind: parsed,
            data: Data(try row.decode(column: "data", as: String.self).utf8))
    }
}
