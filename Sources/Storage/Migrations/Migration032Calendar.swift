/// The local calendar (the embedded default when no Google calendar is connected), the secret
/// export URL of each owner, and subscribed read-only .ics feeds with their cached busy time.
enum Migration032Calendar {
    static let migration = Migration(version: 32, name: "calendar", portable: [
        """
        CREATE TABLE calendar_events (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            title TEXT NOT NULL,
            start_at {{TIMESTAMP}} NOT NULL,
            end_at {{TIMESTAMP}} NOT NULL,
            time_zone TEXT NOT NULL,
            location TEXT,
            description TEXT,
            attendees TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            idempotency_key TEXT,
            created_at {{TIMESTAMP}} NOT NULL,
            updated_at {{TIMESTAMP}} NOT NULL,
            UNIQUE (user_id, idempotency_key),
            UNIQUE (user_id, uid)
        )
        """,
        "CREATE INDEX calendar_events_user_time ON calendar_events(user_id, start_at)",
        """
        CREATE TABLE calendar_export_tokens (
            user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            created_at {{TIMESTAMP}} NOT NULL
        )
        """,
        """
        CREATE TABLE ics_feeds (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            name TEXT NOT NULL,
            last_fetched_at {{TIMESTAMP}},
            last_error TEXT,
            created_at {{TIMESTAMP}} NOT NULL,
            UNIQUE (user_id, url)
        )
        """,
        """
        CREATE TABLE ics_feed_busy (
            feed_id TEXT NOT NULL REFERENCES ics_feeds(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL,
            start_at {{TIMESTAMP}} NOT NULL,
            end_at {{TIMESTAMP}} NOT NULL
        )
        """,
        "CREATE INDEX ics_feed_busy_user_time ON ics_feed_busy(user_id, start_at)",
    ])
}
