public import Foundation
public import Storage

/// A link resolved from its token: the record, its rules and its owner.
public struct ResolvedLink: Sendable {
    public let record: DelegationLinkRecord
    public let constraints: DelegationConstraints
    public let owner: UserRecord

    public init(record: DelegationLinkRecord, constraints: DelegationConstraints, owner: UserRecord) {
        self.record = record
        self.constraints = constraints
        self.owner = owner
    }

    public var ownerZone: TimeZone { TimeZone(identifier: owner.timezone) ?? .gmt }
}

/// Creating, listing, revoking and resolving delegation links.
public struct DelegationLinks: Sendable {
    public static let tokenPrefix = "dl_"
    public static let minimumTTL: TimeInterval = 3600
    public static let maximumTTL: TimeInterval = 30 * 86_400

    public let links: DelegationLinkRepository
    public let users: UserRepository
    public let now: @Sendable () -> Date

    public init(database: PerinDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.links = DelegationLinkRepository(database: database)
        self.users = UserRepository(database: database)
        self.now = now
    }

    /// A new link; the token is returned once and only its SHA-256 is kept.
    public func create(ownerID: String, ttl: TimeInterval, constraints: DelegationConstraints) async throws -> (record: DelegationLinkRecord, token: String) {
        guard ttl >= Self.minimumTTL, ttl <= Self.maximumTTL else {
            throw DelegationError.invalid("ttl must be between 1 hour and 30 days")
        }
        try constraints.validate()
        let token = SecretToken.generate(prefix: Self.tokenPrefix)
        let created = Self.millis(now())
        let record = DelegationLinkRecord(
            id: UUID().uuidString.lowercased(), ownerId: ownerID, tokenHash: SecretToken.hash(token),
            constraintsJson: String(decoding: try Self.encoder.encode(constraints), as: UTF8.self),
            createdAt: created, expiresAt: Self.millis(created.addingTimeInterval(ttl))
        )
        try await links.create(record)
        return (record, token)
    }

    public func list(ownerID: String) async throws -> [DelegationLinkUsage] {
        try await links.list(ownerID: ownerID)
    }

    public func revoke(id: String, ownerID: String) async throws -> DelegationLinkRecord {
        guard try await links.revoke(id: id, ownerID: ownerID, at: Self.millis(now())),
              let record = try await links.find(id: id, ownerID: ownerID)
        else { throw DelegationError(.notFound, code: "not_found", "no such link") }
        return record
    }

    /// The live link for `token`: unknown → `.unknownLink` (404), expired or revoked →
    /// `.linkGone` (410). Malformed tokens take the same path as unknown ones.
    public func resolve(token: String) async throws -> ResolvedLink {
        guard token.hasPrefix(Self.tokenPrefix), token.count == Self.tokenPrefix.count + 43,
              token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw DelegationError.unknownLink }
        let hash = SecretToken.hash(token)
        guard let (record, owner) = try await links.findWithOwner(tokenHash: hash),
              SecretToken.constantTimeEquals(record.tokenHash, hash)
        else { throw DelegationError.unknownLink }
        if record.revokedAt != nil || record.expiresAt <= now() { throw DelegationError.linkGone }
        return ResolvedLink(record: record, constraints: try Self.decodeConstraints(record.constraintsJson), owner: owner)
    }

    public static func decodeConstraints(_ json: String) throws -> DelegationConstraints {
        try decoder.decode(DelegationConstraints.self, from: Data(json.utf8))
    }

    static func millis(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
