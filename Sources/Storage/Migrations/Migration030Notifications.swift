/// Notifications: things the owner should see or answer (a booking arrived, an account needs
/// reconnecting, a meeting proposal waits for a decision). `action_ref` is JSON text naming
/// what answering it acts on; `resolution` records how it was answered.
enum Migration030Notifications {
    static let migration = Migration(version: 30, name: "notifications", portable: [
        """
        CREATE TABLE notifications (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            action_ref TEXT,
            deadline {{TIMESTAMP}},
            read_at {{TIMESTAMP}},
            resolved_at {{TIMESTAMP}},
            resolution TEXT,
            created_at {{TIMESTAMP}} NOT NULL
        )
        """,
        "CREATE INDEX notifications_user ON notifications(user_id, created_at)",
    ])
}
