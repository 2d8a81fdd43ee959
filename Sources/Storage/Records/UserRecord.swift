import Foundation

/// An owner of a Perin agent.
public struct UserRecord: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    /// Bcrypt hash, or nil for API-only users. Never serialised to clients.
    public var passwordHash: String?
    public var timezone: String
    /// What the owner's agent calls itself.
    public var perinName: String
    public var tone: String
    public var createdAt: Date

    /// The `users` columns, for queries that read a user beside another table's row (a
    /// property added above and not here fails decoding in every test that reads it that way).
    static let columns = ["id", "email", "name", "password_hash", "timezone", "perin_name", "tone", "created_at"]

    public init(id: String, email: String, name: String, passwordHash: String?, timezone: String, perinName: String, tone: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.timezone = timezone
        self.perinName = perinName
        self.tone = tone
        self.createdAt = createdAt
    }
}
