import Foundation

/// One integration's contribution to a chat turn's prompt.
public struct IntegrationContext: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case ok
        /// Failed or too slow: the turn goes on without it and may say so.
        case degraded
        /// The account must be connected again (`[[PERIN_ACTION:reauth_required:TYPE]]`).
        case needsReauth = "needs_reauth"
    }

    public var type: String
    public var text: String
    public var status: Status

    public init(type: String, text: String, status: Status) {
        self.type = type
        self.text = text
        self.status = status
    }
}

/// Reads one integration's context for an owner. Implementations should honour cancellation;
/// the runner does not wait for one that does not.
public protocol IntegrationContextLoader: Sendable {
    /// The manifest `contextLoader` id this serves.
    var id: String { get }
    func load(userID: String) async throws -> String
}
