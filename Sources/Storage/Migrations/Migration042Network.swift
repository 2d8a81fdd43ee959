/// Agent-to-agent scheduling: connections between two owners (each side's granted scopes and
/// constraints), negotiation sessions, and their transcript (deduplicated per session).
public enum Migration042Network {
    public static let migration = Migration(version: 42, name: "network", portable: [
        """
        CREATE TABLE network_connections (
            id TEXT PRIMARY KEY,
            requester_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            addressee_email TEXT NOT NULL,
            addressee_id TEXT REFERENCES users(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            requester_scopes TEXT NOT NULL,
            addressee_scopes TEXT NOT NULL,
            requester_constraints TEXT NOT NULL,
            addressee_constraints TEXT NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            updated_at {{TIMESTAMP}} NOT NULL
        )
        """,
        "CREATE INDEX network_connections_requester ON network_connections(requester_id)",
        "CREATE INDEX network_connections_addressee ON network_connections(addressee_id)",
        """
        CREATE TABLE network_sessions (
            id TEXT PRIMARY KEY,
            connection_id TEXT NOT NULL REFERENCES network_connections(id) ON DELETE CASCADE,
            initiator_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            counterpart_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            duration_mins INTEGER NOT NULL,
            status TEXT NOT NULL,
            proposals TEXT NOT NULL,
            confirmed_start {{TIMESTAMP}},
            confirmed_end {{TIMESTAMP}},
            confirm_key TEXT,
            initiator_booking_id TEXT,
            counterpart_booking_id TEXT,
            expires_at {{TIMESTAMP}} NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            updated_at {{TIMESTAMP}} NOT NULL
        )
        """,
        "CREATE INDEX network_sessions_initiator ON network_sessions(initiator_id, status)",
        "CREATE INDEX network_sessions_counterpart ON network_sessions(counterpart_id, status)",
        """
        CREATE TABLE network_messages (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES network_sessions(id) ON DELETE CASCADE,
            sender_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            dedupe_key TEXT NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            UNIQUE (session_id, dedupe_key)
        )
        """,
    ])
}
