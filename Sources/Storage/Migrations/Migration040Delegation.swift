/// Delegation links and bookings. A booking is "live" while `status = 'confirmed'`; on
/// PostgreSQL an exclusion constraint makes two live bookings of one owner that overlap in time
/// impossible, whatever process inserts them. SQLite has one serialized writer, and the booking
/// repository checks overlaps inside its `BEGIN IMMEDIATE` transaction.
public enum Migration040Delegation {
    static let tables = [
        """
        CREATE TABLE delegation_links (
            id TEXT PRIMARY KEY,
            owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            constraints_json TEXT NOT NULL,
            uses INTEGER NOT NULL DEFAULT 0,
            created_at {{TIMESTAMP}} NOT NULL,
            expires_at {{TIMESTAMP}} NOT NULL,
            revoked_at {{TIMESTAMP}}
        )
        """,
        "CREATE INDEX delegation_links_owner ON delegation_links(owner_id, created_at)",
        """
        CREATE TABLE bookings (
            id TEXT PRIMARY KEY,
            owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            link_id TEXT REFERENCES delegation_links(id) ON DELETE SET NULL,
            reference TEXT NOT NULL UNIQUE,
            start_at {{TIMESTAMP}} NOT NULL,
            end_at {{TIMESTAMP}} NOT NULL,
            title TEXT NOT NULL,
            location TEXT,
            guest_name TEXT NOT NULL,
            guest_email TEXT NOT NULL,
            guest_timezone TEXT NOT NULL,
            note TEXT,
            status TEXT NOT NULL,
            uid TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            manage_token_hash TEXT NOT NULL UNIQUE,
            idempotency_key TEXT,
            request_hash TEXT,
            calendar_event_id TEXT,
            created_at {{TIMESTAMP}} NOT NULL,
            updated_at {{TIMESTAMP}} NOT NULL,
            CHECK (end_at > start_at),
            UNIQUE (link_id, idempotency_key)
        )
        """,
        "CREATE INDEX bookings_owner_time ON bookings(owner_id, start_at)",
        "CREATE INDEX bookings_link ON bookings(link_id, status)",
    ]

    static let postgresConstraint = [
        "CREATE EXTENSION IF NOT EXISTS btree_gist",
        """
        ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
            EXCLUDE USING gist (owner_id WITH =, tstzrange(start_at, end_at) WITH &&)
            WHERE (status = 'confirmed')
        """,
    ]

    public static let migration: Migration = {
        let portable = Migration(version: 40, name: "delegation", portable: tables)
        return Migration(version: 40, name: "delegation", sqlite: portable.sqlite, postgresql: portable.postgresql + postgresConstraint)
    }()
}
