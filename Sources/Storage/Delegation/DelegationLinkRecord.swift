import Foundation

/// A delegation link as stored: the token itself is never stored, only its SHA-256.
/// `constraintsJSON` is owned by the Scheduling module, which encodes and validates it.
public struct DelegationLinkRecord: Codable, Sendable, Equatable {
    public var id: String
    public var ownerId: String
    public var tokenHash: String
    public var constraintsJson: String
    public var uses: Int
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(id: String, ownerId: String, tokenHash: String, constraintsJson: String, uses: Int = 0,
                createdAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.ownerId = ownerId
        self.tokenHash = tokenHash
        self.constraintsJson = constraintsJson
        self.uses = uses
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// A link with its live booking count (for `GET /api/delegation`).
public struct DelegationLinkUsage: Sendable, Equatable {
    public var link: DelegationLinkRecord
    public var bookings: Int

    public init(link: DelegationLinkRecord, bookings: Int) {
        self.link = link
        self.bookings = bookings
    }
}
