/// Users, API tokens, web sessions, conversations and messages, memory, audit log.
enum Migration001Foundation {
    static let migration = Migration(version: 1, name: "foundation", portable: [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            password_hash TEXT,
            timezone TEXT NOT NULL,
            perin_name TEXT NOT NULL,
            tone TEXT NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL
        )
        """,
        """
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            revoked_at {{TIMESTAMP}}
        )
        """,
        "CREATE INDEX api_tokens_user ON api_tokens(user_id)",
        """
        CREATE TABLE web_sessions (
            id_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at {{TIMESTAMP}} NOT NULL,
            expires_at {{TIMESTAMP}} NOT NULL
        )
        """,
        """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            updated_at {{TIMESTAMP}} NOT NULL
        )
        """,
        "CREATE INDEX conversations_user ON conversations(user_id, updated_at)",
        """
        CREATE TABLE messages (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            payload TEXT,
            partial {{BOOL}} NOT NULL,
            seq INTEGER NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            UNIQUE (conversation_id, seq)
        )
        """,
        """
        CREATE TABLE memories (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            content TEXT NOT NULL,
            type TEXT NOT NULL,
            importance {{DOUBLE}} NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL,
            updated_at {{TIMESTAMP}} NOT NULL,
            UNIQUE (user_id, key)
        )
        """,
        """
        CREATE TABLE audit_log (
            id TEXT PRIMARY KEY,
            user_id TEXT,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT,
            ip TEXT,
            created_at {{TIMESTAMP}} NOT NULL
        )
        """,
        "CREATE INDEX audit_log_user ON audit_log(user_id, created_at)",
    ])
}
