import Foundation

/// One integration as its `Integrations/<type>.json` file describes it.
public struct IntegrationManifest: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, Hashable {
        /// Can be connected now.
        case available
        /// Built in and always on (the local calendar).
        case embedded
        /// Framework ready, not implemented: connecting answers 501.
        case planned
    }

    public enum Auth: String, Codable, Sendable, Hashable {
        case oauth2, none, url
    }

    public var type: String
    public var name: String
    public var status: Status
    /// Who runs the account: `google`, `local`, `ics`, `slack`, …
    public var provider: String
    public var auth: Auth
    /// Scopes requested when connecting.
    public var scopes: [String]
    /// Scopes that must be granted for the connection to be useful.
    public var requiredScopes: [String]
    /// Lower-case words that suggest a message needs this integration's context.
    public var keywords: [String]
    /// The environment variable that overrides `apiBase`.
    public var apiBaseVariable: String?
    public var apiBase: String?
    /// Which `IntegrationContextLoader` reads context for it.
    public var contextLoader: String?
    /// Which transformer turns its data into prompt text.
    public var transformer: String?
    public var description: String
}
