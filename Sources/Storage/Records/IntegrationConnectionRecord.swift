import Foundation

/// One owner's connected account of one integration type. Token columns hold ciphertext only.
public struct IntegrationConnectionRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var type: String
    /// `connected` or `needs_reauth`.
    public var status: String
    public var accountEmail: String?
    /// Granted scopes, space-separated.
    public var scopes: String
    public var accessToken: String?
    public var refreshToken: String?
    public var expiresAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public static let connected = "connected"
    public static let needsReauth = "needs_reauth"
}

/// A connection in progress: the hash of its `state`, its owner, type and sealed PKCE verifier.
public struct OAuthStateRecord: Codable, Sendable, Equatable {
    public var stateHash: String
    public var userId: String
    public var type: String
    public var codeVerifier: String
    public var expiresAt: Date
    public var createdAt: Date
}
