import Foundation

/// A stored API token: only the SHA-256 of the secret is kept.
public struct APITokenRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var tokenHash: String
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?
}
