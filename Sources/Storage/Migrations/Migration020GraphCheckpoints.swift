/// Tables of `SQLCheckpointer`: one row per graph checkpoint, keyed by (thread, step) so a
/// thread's chain cannot fork, and the pending writes of the step after each checkpoint.
/// State and writes are JSON text. The number leaves room for the foundation's own migrations;
/// these tables reference no other table, so their place in the order does not matter.
public enum Migration020GraphCheckpoints {
    public static let migration = Migration(version: 20, name: "graph_checkpoints", portable: [
        """
        CREATE TABLE graph_checkpoints (
            thread_id TEXT NOT NULL,
            step BIGINT NOT NULL,
            parent_step BIGINT,
            run_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            state TEXT NOT NULL,
            next_tasks TEXT NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            PRIMARY KEY (thread_id, step)
        )
        """,
        """
        CREATE TABLE graph_checkpoint_writes (
            thread_id TEXT NOT NULL,
            step BIGINT NOT NULL,
            task_index INTEGER NOT NULL,
            node TEXT NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (thread_id, step, task_index)
        )
        """,
    ])
}
