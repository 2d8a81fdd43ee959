import Foundation
import Storage

/// Connecting an account: the authorization URL (state + PKCE S256) and the callback that
/// turns the code into stored, sealed tokens.
///
/// A state is 256 random bits, stored as its hash with the sealed verifier, bound to one user
/// and one type, valid for `stateLifetime`, and burnt on first presentation whatever happens
/// next, so a forged, replayed, expired, other user's or wrong-type state stores nothing.
public struct OAuthFlow: Sendable {
    public let registry: ManifestRegistry
    public let configuration: GoogleConfiguration
    /// `PERIN_PUBLIC_URL` without a trailing slash.
    public let publicURL: String
    let states: OAuthStateRepository
    let cipher: TokenCipher
    let oauth: OAuthClient
    let tokens: TokenManager
    public var stateLifetime: TimeInterval = 600
    let now: @Sendable () -> Date

    public init(registry: ManifestRegistry, configuration: GoogleConfiguration, publicURL: String, database: PerinDatabase,
                cipher: TokenCipher, oauth: OAuthClient, tokens: TokenManager, now: @escaping @Sendable () -> Date = { Date() }) {
        self.registry = registry
        self.configuration = configuration
        self.publicURL = publicURL
        self.states = OAuthStateRepository(database: database)
        self.cipher = cipher
        self.oauth = oauth
        self.tokens = tokens
        self.now = now
    }

    public func redirectURI(type: String) -> String {
        "\(publicURL)/api/integrations/callback?type=\(GoogleHTTP.percentEncode(type))"
    }

    /// The manifest of a type that can be connected through OAuth2 now.
    public func connectableManifest(_ type: String) throws(IntegrationError) -> IntegrationManifest {
        guard let manifest = registry.manifest(type) else {
            throw IntegrationError(.unknownType, "unknown integration '\(type)'", type: type)
        }
        guard manifest.status != .planned else {
            throw IntegrationError(.notImplemented, "\(manifest.name) is planned but not available yet", type: type)
        }
        guard manifest.auth == .oauth2 else {
            throw IntegrationError(.notOAuth, "\(manifest.name) is not connected through an account sign-in", type: type)
        }
        guard configuration.isConfigured else {
            throw IntegrationError(.notConfigured, "Google sign-in is not configured on this server (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET)", type: type)
        }
        return manifest
    }

    /// Starts a connection; returns the URL to send the owner's browser to.
    public func authorizationURL(userID: String, type: String) async throws -> String {
        let manifest = try connectableManifest(type)
        let state = SecretToken.generate(prefix: "")
        let pkce = PKCE.generate()
        let sealed = try cipher.seal(pkce.verifier, context: Self.verifierContext(state: state))
        try await states.create(state: state, userID: userID, type: type, sealedVerifier: sealed,
                                expiresAt: now().addingTimeInterval(stateLifetime))
        let query = GoogleHTTP.query([
            ("client_id", configuration.clientID ?? ""),
            ("redirect_uri", redirectURI(type: type)),
            ("response_type", "code"),
            ("scope", manifest.scopes.joined(separator: " ")),
            ("state", state),
            ("code_challenge", pkce.challenge),
            ("code_challenge_method", "S256"),
            ("access_type", "offline"),
            ("prompt", "consent"),
            ("include_granted_scopes", "true"),
        ])
        return configuration.authURL + (configuration.authURL.contains("?") ? "&" : "?") + query
    }

    /// Handles the provider's redirect for the signed-in `userID`. Returns the connected type.
    public func complete(userID: String, type: String, code: String?, state: String?, error providerError: String?) async throws {
        guard let state, !state.isEmpty, state.count <= 200 else {
            throw IntegrationError(.invalidState, "the sign-in state is missing or invalid", type: type)
        }
        guard let record = try await states.consume(state: state),
              SecretToken.constantTimeEquals(record.userId, userID), record.type == type else {
            throw IntegrationError(.invalidState, "the sign-in state is missing or invalid", type: type)
        }
        guard record.expiresAt > now() else {
            throw IntegrationError(.stateExpired, "the sign-in took too long; start again", type: type)
        }
        if let providerError {
            let reason = providerError == "access_denied" ? "access was not granted" : "the provider reported an error"
            throw IntegrationError(.accessDenied, reason, type: type)
        }
        guard let code, !code.isEmpty, code.count <= 2048 else {
            throw IntegrationError(.missingCode, "the provider sent no authorization code", type: type)
        }
        let manifest = try connectableManifest(type)
        let verifier = try cipher.open(record.codeVerifier, context: Self.verifierContext(state: state))
        let response: OAuthClient.TokenResponse
        do {
            response = try await oauth.exchange(code: code, verifier: verifier, redirectURI: redirectURI(type: type))
        } catch {
            throw IntegrationError(.upstreamFailed, "the provider did not accept the authorization code", type: type)
        }
        // Google answers with every scope the user ever granted (include_granted_scopes).
        let granted = Set((response.scope ?? "").split(separator: " ").map(String.init))
        let missing = manifest.requiredScopes.filter { !granted.contains($0) }
        guard !missing.isEmpty || response.refreshToken != nil else {
            try? await oauth.revoke(token: response.accessToken)
            throw IntegrationError(.upstreamFailed, "the provider sent no refresh token", type: type)
        }
        guard missing.isEmpty else {
            try? await oauth.revoke(token: response.refreshToken ?? response.accessToken)
            throw IntegrationError(.insufficientScope, "the permissions \(manifest.name) needs were not granted", type: type)
        }
        let email: String?
        do {
            email = try await oauth.email(accessToken: response.accessToken)
        } catch {
            email = nil
        }
        try await tokens.store(userID: userID, type: type, email: email, scopes: granted.sorted().joined(separator: " "), response: response)
    }

    static func verifierContext(state: String) -> String {
        "oauth-state|" + SecretToken.hash(state)
    }
}
