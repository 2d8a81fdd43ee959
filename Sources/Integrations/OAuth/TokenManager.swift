import Foundation
import Logging
import Storage

/// Hands out valid access tokens for an owner's connected accounts.
///
/// A token with less than `refreshMargin` left is refreshed first. However many callers ask at
/// once, one refresh runs per (user, type): the first caller starts it, the rest await the same
/// task. A refresh that answers `invalid_grant` marks the connection `needs_reauth` and leaves a
/// notification (once), and `reauthRequired(userID:)` tells the chat to ask the owner to reconnect.
public actor TokenManager {
    struct Key: Hashable {
        let userID: String
        let type: String
    }

    struct Cached {
        let accessToken: String
        let expiresAt: Date?
    }

    let connections: IntegrationConnectionRepository
    let notifications: NotificationRepository
    let cipher: TokenCipher
    let oauth: OAuthClient
    let refreshMargin: TimeInterval
    let now: @Sendable () -> Date
    let logger: Logger
    private var cache: [Key: Cached] = [:]
    private var inFlight: [Key: Task<Cached, any Error>] = [:]

    public init(database: PerinDatabase, cipher: TokenCipher, oauth: OAuthClient, refreshMargin: TimeInterval = 300,
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "perin.integrations")) {
        self.connections = IntegrationConnectionRepository(database: database)
        self.notifications = NotificationRepository(database: database)
        self.cipher = cipher
        self.oauth = oauth
        self.refreshMargin = refreshMargin
        self.now = now
        self.logger = logger
    }

    /// A token good for at least `refreshMargin`. After an API answered 401 to `rejected`, pass
    /// it to force a refresh (unless another caller already replaced that token).
    public func accessToken(userID: String, type: String, rejected: String? = nil) async throws -> String {
        let key = Key(userID: userID, type: type)
        if let cached = cache[key], isFresh(cached), cached.accessToken != rejected { return cached.accessToken }
        if let running = inFlight[key] { return try await running.value.accessToken }
        // No suspension point between the check above and this insertion: exactly one task.
        let task = Task { try await self.loadOrRefresh(key, rejected: rejected) }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        do {
            let fresh = try await task.value
            cache[key] = fresh
            return fresh.accessToken
        } catch {
            cache[key] = nil
            throw error
        }
    }

    /// Types whose connection the owner must connect again (the chat emits
    /// `[[PERIN_ACTION:reauth_required:TYPE]]` for each).
    public func reauthRequired(userID: String) async throws -> [String] {
        try await connections.needingReauth(userID: userID)
    }

    /// Stores the tokens of a new connection (sealed) and forgets any cached token.
    func store(userID: String, type: String, email: String?, scopes: String, response: OAuthClient.TokenResponse) async throws {
        let tokens = try seal(userID: userID, type: type, response)
        try await connections.upsert(userID: userID, type: type, accountEmail: email, scopes: scopes, tokens: tokens)
        cache[Key(userID: userID, type: type)] = nil
    }

    /// Deletes the connection, then revokes its grant at the provider (best effort: the tokens
    /// are gone from here either way). Returns false when there was nothing to disconnect.
    public func disconnect(userID: String, type: String) async throws -> Bool {
        cache[Key(userID: userID, type: type)] = nil
        guard let record = try await connections.delete(userID: userID, type: type) else { return false }
        let token = try? record.refreshToken.map { try cipher.open($0, context: Self.context(userID, type, "refresh")) }
            ?? record.accessToken.map { try cipher.open($0, context: Self.context(userID, type, "access")) }
        if let token {
            do { try await oauth.revoke(token: token) } catch {
                logger.warning("revoking at the provider failed", metadata: ["type": .string(type), "error": .string("\(error)")])
            }
        }
        return true
    }

    // MARK: Refreshing

    private func isFresh(_ cached: Cached) -> Bool {
        guard let expiresAt = cached.expiresAt else { return true }
        return expiresAt.timeIntervalSince(now()) > refreshMargin
    }

    private func loadOrRefresh(_ key: Key, rejected: String?) async throws -> Cached {
        guard let record = try await connections.find(userID: key.userID, type: key.type) else {
            throw IntegrationError(.notConnected, "\(key.type) is not connected", type: key.type)
        }
        guard record.status == IntegrationConnectionRecord.connected else {
            throw IntegrationError(.needsReauth, "\(key.type) must be connected again", type: key.type)
        }
        if let sealed = record.accessToken {
            let stored = Cached(accessToken: try cipher.open(sealed, context: Self.context(key.userID, key.type, "access")), expiresAt: record.expiresAt)
            if isFresh(stored), stored.accessToken != rejected { return stored }
        }
        guard let sealedRefresh = record.refreshToken else {
            try await markNeedsReauth(key)
            throw IntegrationError(.needsReauth, "\(key.type) must be connected again", type: key.type)
        }
        let refreshToken = try cipher.open(sealedRefresh, context: Self.context(key.userID, key.type, "refresh"))
        let response: OAuthClient.TokenResponse
        do {
            response = try await oauth.refresh(refreshToken: refreshToken)
        } catch let error as IntegrationError where error.code == .needsReauth {
            try await markNeedsReauth(key)
            throw IntegrationError(.needsReauth, "\(key.type) must be connected again", type: key.type)
        }
        let tokens = try seal(userID: key.userID, type: key.type, response)
        guard try await connections.updateTokens(userID: key.userID, type: key.type, tokens: tokens) else {
            throw IntegrationError(.notConnected, "\(key.type) is not connected", type: key.type)
        }
        return Cached(accessToken: response.accessToken, expiresAt: tokens.expiresAt)
    }

    private func markNeedsReauth(_ key: Key) async throws {
        guard try await connections.markNeedsReauth(userID: key.userID, type: key.type) else { return }
        logger.notice("integration needs re-authorization", metadata: ["type": .string(key.type)])
        let actionRef = #"{"action":"reauth_required","integration":"\#(key.type)"}"#
        try await notifications.create(userID: key.userID, .init(
            kind: "integration_reauth", title: "Reconnect \(key.type)",
            body: "Perin can no longer reach your \(key.type) account. Connect it again to keep using it.",
            actionRef: actionRef
        ))
    }

    private func seal(userID: String, type: String, _ response: OAuthClient.TokenResponse) throws -> IntegrationConnectionRepository.Tokens {
        IntegrationConnectionRepository.Tokens(
            accessToken: try cipher.seal(response.accessToken, context: Self.context(userID, type, "access")),
            refreshToken: try response.refreshToken.map { try cipher.seal($0, context: Self.context(userID, type, "refresh")) },
            expiresAt: response.expiresIn.map { Date(timeIntervalSince1970: (now().timeIntervalSince1970 + Double($0)).rounded()) }
        )
    }

    /// Associated data binding a sealed token to its owner, type and kind.
    static func context(_ userID: String, _ type: String, _ kind: String) -> String {
        "\(userID)|\(type)|\(kind)"
    }
}
