import Foundation

/// A connection between two owners. Scopes and constraints are JSON text owned by the
/// Scheduling module: `requesterScopes` are what the requester grants the addressee over the
/// requester's calendar, and the other way round.
public struct NetworkConnectionRecord: Codable, Sendable, Equatable {
    public static let pending = "pending", active = "active", revoked = "revoked"

    public var id: String
    public var requesterId: String
    public var addresseeEmail: String
    public var addresseeId: String?
    public var status: String
    public var requesterScopes: String
    public var addresseeScopes: String
    public var requesterConstraints: String
    public var addresseeConstraints: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, requesterId: String, addresseeEmail: String, addresseeId: String?, status: String, requesterScopes: String,
                addresseeScopes: String, requesterConstraints: String, addresseeConstraints: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.requesterId = requesterId
        self.addresseeEmail = addresseeEmail
        self.addresseeId = addresseeId
        self.status = status
        self.requesterScopes = requesterScopes
        self.addresseeScopes = addresseeScopes
        self.requesterConstraints = requesterConstraints
        self.addresseeConstraints = addresseeConstraints
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A negotiation between two owners' agents. `proposals` is JSON text of mutual free slots.
public struct NetworkSessionRecord: Codable, Sendable, Equatable {
    public static let open = "open", confirming = "confirming", confirmed = "confirmed", cancelled = "cancelled"

    public var id: String
    public var connectionId: String
    public var initiatorId: String
    public var counterpartId: String
    public var title: String
    public var durationMins: Int
    public var status: String
    public var proposals: String
    public var confirmedStart: Date?
    public var confirmedEnd: Date?
    public var confirmKey: String?
    public var initiatorBookingId: String?
    public var counterpartBookingId: String?
    public var expiresAt: Date
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, connectionId: String, initiatorId: String, counterpartId: String, title: String, durationMins: Int,
                status: String, proposals: String, expiresAt: Date, createdAt: Date) {
        self.id = id
        self.connectionId = connectionId
        self.initiatorId = initiatorId
        self.counterpartId = counterpartId
        self.title = title
        self.durationMins = durationMins
        self.status = status
        self.proposals = proposals
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// One typed transcript entry (proposal, accept, confirm, cancel, error).
public struct NetworkMessageRecord: Codable, Sendable, Equatable {
    public var id: String
    public var sessionId: String
    public var senderId: String
    public var kind: String
    public var payload: String
    public var dedupeKey: String
    public var createdAt: Date

    public init(id: String, sessionId: String, senderId: String, kind: String, payload: String, dedupeKey: String, createdAt: Date) {
        self.id = id
        self.sessionId = sessionId
        self.senderId = senderId
        self.kind = kind
        self.payload = payload
        self.dedupeKey = dedupeKey
        self.createdAt = createdAt
    }
}
