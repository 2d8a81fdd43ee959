import Foundation

/// Where the database lives, parsed from `DATABASE_URL` or the data folder.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(host: String, port: Int, username: String, password: String?, database: String, tls: Bool)

    public var kind: DatabaseKind {
        switch self {
        case .sqliteFile, .sqliteMemory: .sqlite
        case .postgres: .postgresql
        }
    }

    /// Parses `postgres://user:pass@host:port/db?sslmode=…`, `sqlite:///path/file.db` or `sqlite::memory:`.
    public init(url: String) throws(DatabaseError) {
        if url == "sqlite::memory:" {
            self = .sqliteMemory
            return
        }
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseError(.invalidURL, "sqlite URL has no path") }
            self = .sqliteFile(path: path)
            return
        }
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw DatabaseError(.invalidURL, "DATABASE_URL must start with postgres:// or sqlite://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw DatabaseError(.invalidURL, "DATABASE_URL has no host")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw DatabaseError(.invalidURL, "DATABASE_URL has no database name") }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        self = .postgres(
            host: host,
            port: components.port ?? 5432,
            username: components.percentEncodedUser?.removingPercentEncoding ?? "postgres",
            password: components.percentEncodedPassword?.removingPercentEncoding,
            database: database,
            tls: sslMode == "require" || sslMode == "verify-full"
        )
    }
}
