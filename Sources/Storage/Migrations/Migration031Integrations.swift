/// Connected accounts and the OAuth2 states of connections in progress.
///
/// Tokens are stored only as ciphertext (`Integrations.TokenCipher`: AES-GCM, prefixed with the
/// id of the key that sealed them). A state is stored as its SHA-256, with the PKCE verifier
/// sealed the same way, so a database read alone cannot complete someone's authorization.
enum Migration031Integrations {
    static let migration = Migration(version: 31, name: "integrations", portable: [
        """
        CREATE TABLE integration_connections (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            status TEXT NOT NULL,
            account_email TEXT,
            scopes TEXT NOT NULL,
            access_token TEXT,
            refresh_token TEXT,
            expires_at {{TIMESTAMP}},
            created_at {{TIMESTAMP}} NOT NULL,
            updated_at {{TIMESTAMP}} NOT NULL,
            UNIQUE (user_id, type)
        )
        """,
        """
        CREATE TABLE oauth_states (
            state_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            code_verifier TEXT NOT NULL,
            expires_at {{TIMESTAMP}} NOT NULL,
            created_at {{TIMESTAMP}} NOT NULL
        )
        """,
        "CREATE INDEX oauth_states_expiry ON oauth_states(expires_at)",
    ])
}
