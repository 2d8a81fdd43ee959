import Foundation

/// One versioned schema change. Statements are written per dialect where the two differ
/// (timestamps are `TIMESTAMPTZ` on PostgreSQL and `REAL` seconds on SQLite, which is how SQLKit
/// binds `Date` on each).
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sqlite: [String]
    public let postgresql: [String]

    public init(version: Int, name: String, sqlite: [String], postgresql: [String]) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgresql = postgresql
    }

    /// A migration whose SQL is the same on both back ends, with `{{TIMESTAMP}}`, `{{BOOL}}` and
    /// `{{DOUBLE}}` standing for the per-dialect column types.
    public init(version: Int, name: String, portable statements: [String]) {
        self.init(
            version: version,
            name: name,
            sqlite: statements.map { Self.expand($0, timestamp: "REAL", bool: "INTEGER", double: "REAL") },
            postgresql: statements.map { Self.expand($0, timestamp: "TIMESTAMPTZ", bool: "BOOLEAN", double: "DOUBLE PRECISION") }
        )
    }

    func statements(for kind: DatabaseKind) -> [String] {
        kind == .sqlite ? sqlite : postgresql
    }

    private static func expand(_ sql: String, timestamp: String, bool: String, double: String) -> String {
        sql.replacingOccurrences(of: "{{TIMESTAMP}}", with: timestamp)
            .replacingOccurrences(of: "{{BOOL}}", with: bool)
            .replacingOccurrences(of: "{{DOUBLE}}", with: double)
    }
}
