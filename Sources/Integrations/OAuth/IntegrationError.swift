/// Why connecting, refreshing or using an integration failed. Messages are safe to show the
/// owner: they never include tokens, codes or states.
public struct IntegrationError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unknownType = "unknown_integration"
        case notImplemented = "not_implemented"
        case notConfigured = "not_configured"
        case notOAuth = "not_oauth"
        case invalidState = "invalid_state"
        case stateExpired = "state_expired"
        case accessDenied = "access_denied"
        case missingCode = "missing_code"
        case insufficientScope = "insufficient_scope"
        case upstreamFailed = "upstream_failed"
        case notConnected = "not_connected"
        case needsReauth = "reauth_required"
    }

    public let code: Code
    public let message: String
    /// The integration type concerned, when known.
    public let type: String?

    public init(_ code: Code, _ message: String, type: String? = nil) {
        self.code = code
        self.message = message
        self.type = type
    }

    public var description: String { "integration \(code.rawValue): \(message)" }
}
