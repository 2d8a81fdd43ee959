public import Foundation
public import Storage

/// A connection as one member sees it: whom it links, and what each side granted.
public struct ConnectionView: Sendable {
    public let record: NetworkConnectionRecord
    /// Scopes the requester granted the addressee, and the other way round.
    public let requesterScopes: [NetworkScope]
    public let addresseeScopes: [NetworkScope]
    public let requesterConstraints: NetworkConstraints
    public let addresseeConstraints: NetworkConstraints

    init(_ record: NetworkConnectionRecord) throws {
        self.record = record
        let decoder = JSONDecoder()
        requesterScopes = try decoder.decode([NetworkScope].self, from: Data(record.requesterScopes.utf8))
        addresseeScopes = try decoder.decode([NetworkScope].self, from: Data(record.addresseeScopes.utf8))
        requesterConstraints = try decoder.decode(NetworkConstraints.self, from: Data(record.requesterConstraints.utf8))
        addresseeConstraints = try decoder.decode(NetworkConstraints.self, from: Data(record.addresseeConstraints.utf8))
    }

    /// The other member's user id (nil while an invite is unanswered).
    public func other(than userID: String) -> String? {
        record.requesterId == userID ? record.addresseeId : record.requesterId
    }

    /// What `grantor` allows the other member to do.
    public func scopes(grantedBy grantor: String) -> [NetworkScope] {
        grantor == record.requesterId ? requesterScopes : addresseeScopes
    }

    public func constraints(of userID: String) -> NetworkConstraints {
        userID == record.requesterId ? requesterConstraints : addresseeConstraints
    }
}

/// Invite, accept, update and revoke connections. Every action checks membership and state.
public struct NetworkConnections: Sendable {
    public let repository: NetworkRepository
    public let users: UserRepository
    public let now: @Sendable () -> Date

    public init(database: PerinDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.repository = NetworkRepository(database: database)
        self.users = UserRepository(database: database)
        self.now = now
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try DelegationLinks.encoder.encode(value), as: UTF8.self)
    }

    public func invite(from owner: UserRecord, email: String, scopes: [NetworkScope], constraints: NetworkConstraints) async throws -> ConnectionView {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard address.contains("@"), address.count <= 254 else { throw DelegationError.invalid("email must be an email address") }
        guard address != owner.email else { throw DelegationError.invalid("you cannot connect to yourself") }
        try constraints.validate()
        let stamp = DelegationLinks.millis(now())
        let record = NetworkConnectionRecord(
            id: UUID().uuidString.lowercased(), requesterId: owner.id, addresseeEmail: address,
            addresseeId: try await users.find(email: address)?.id, status: NetworkConnectionRecord.pending,
            requesterScopes: try Self.json(scopes), addresseeScopes: "[]", requesterConstraints: try Self.json(constraints),
            addresseeConstraints: try Self.json(NetworkConstraints()), createdAt: stamp, updatedAt: stamp)
        try await repository.insert(record)
        return try ConnectionView(record)
    }

    /// The connection if `user` is a member (or the invitee); otherwise the same 404 as unknown.
    public func view(_ id: String, for user: UserRecord) async throws -> ConnectionView {
        guard let record = try await repository.connection(id: id),
              record.requesterId == user.id || record.addresseeId == user.id
                || (record.addresseeId == nil && record.addresseeEmail == user.email)
        else { throw DelegationError(.notFound, code: "not_found", "no such connection") }
        return try ConnectionView(record)
    }

    public func list(for user: UserRecord) async throws -> [ConnectionView] {
        try await repository.connections(userID: user.id, email: user.email).map(ConnectionView.init)
    }

    public func accept(_ id: String, by user: UserRecord, scopes: [NetworkScope], constraints: NetworkConstraints) async throws -> ConnectionView {
        var record = try await view(id, for: user).record
        guard record.requesterId != user.id else { throw DelegationError(.forbidden, code: "forbidden", "only the invited owner can accept") }
        guard record.status == NetworkConnectionRecord.pending else { throw DelegationError(.conflict, code: "not_pending", "this invitation was already answered") }
        try constraints.validate()
        record.addresseeId = user.id
        record.status = NetworkConnectionRecord.active
        record.addresseeScopes = try Self.json(scopes)
        record.addresseeConstraints = try Self.json(constraints)
        record.updatedAt = DelegationLinks.millis(now())
        try await repository.update(record)
        return try ConnectionView(record)
    }

    /// Changes what `user` grants (their own side only).
    public func update(_ id: String, by user: UserRecord, scopes: [NetworkScope]?, constraints: NetworkConstraints?) async throws -> ConnectionView {
        var record = try await view(id, for: user).record
        guard record.status == NetworkConnectionRecord.active else { throw DelegationError(.gone, code: "connection_inactive", "this connection is not active") }
        try constraints?.validate()
        let isRequester = record.requesterId == user.id
        if let scopes {
            if isRequester { record.requesterScopes = try Self.json(scopes) } else { record.addresseeScopes = try Self.json(scopes) }
        }
        if let constraints {
            if isRequester { record.requesterConstraints = try Self.json(constraints) } else { record.addresseeConstraints = try Self.json(constraints) }
        }
        record.updatedAt = DelegationLinks.millis(now())
        try await repository.update(record)
        return try ConnectionView(record)
    }

    public func revoke(_ id: String, by user: UserRecord) async throws -> ConnectionView {
        var record = try await view(id, for: user).record
        record.status = NetworkConnectionRecord.revoked
        record.updatedAt = DelegationLinks.millis(now())
        try await repository.update(record)
        return try ConnectionView(record)
    }

    /// An active connection between `user` and the other member, or a clear refusal.
    public func active(_ id: String, for user: UserRecord) async throws -> ConnectionView {
        let view = try await view(id, for: user)
        guard view.record.status == NetworkConnectionRecord.active, view.record.addresseeId != nil else {
            throw DelegationError(.gone, code: "connection_inactive", "this connection is not active (pending or revoked)")
        }
        return view
    }
}
