import Foundation
import LLM
import NIOHTTP1

/// RFC 6749 calls to the provider: code exchange (with the RFC 7636 verifier), refresh,
/// revocation (RFC 7009) and the account's e-mail from userinfo.
public struct OAuthClient: Sendable {
    public struct TokenResponse: Decodable, Sendable {
        public var accessToken: String
        public var expiresIn: Int?
        public var refreshToken: String?
        /// Granted scopes, space-separated.
        public var scope: String?
        public var tokenType: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", expiresIn = "expires_in", refreshToken = "refresh_token"
            case scope, tokenType = "token_type"
        }
    }

    /// `{"error":"invalid_grant","error_description":"…"}`
    struct OAuthErrorBody: Decodable {
        let error: String?
    }

    public let configuration: GoogleConfiguration
    public let http: GoogleHTTP
    /// Retry and circuit breaker around every call (only `ServiceError`s are retried, so an
    /// `invalid_grant` is never sent twice).
    public let resilience: ResilientCall
    static let service = "google-oauth"

    public init(configuration: GoogleConfiguration, http: GoogleHTTP, resilience: ResilientCall = ResilientCall(breaker: nil)) {
        self.configuration = configuration
        self.http = http
        self.resilience = resilience
    }

    public func exchange(code: String, verifier: String, redirectURI: String) async throws -> TokenResponse {
        try await tokenRequest([
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("client_id", configuration.clientID ?? ""), ("client_secret", configuration.clientSecret ?? ""),
            ("code_verifier", verifier),
        ])
    }

    /// Throws `IntegrationError(.needsReauth)` on `invalid_grant` (revoked or expired grant).
    public func refresh(refreshToken: String) async throws -> TokenResponse {
        try await tokenRequest([
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", configuration.clientID ?? ""), ("client_secret", configuration.clientSecret ?? ""),
        ])
    }

    /// Revokes the grant; a token the provider no longer knows counts as revoked.
    public func revoke(token: String) async throws {
        try await resilience.run { _ in
            let reply = try await http.send(.POST, configuration.revokeURL, contentType: "application/x-www-form-urlencoded",
                                            body: GoogleHTTP.form([("token", token)]), service: Self.service)
            guard (200..<300).contains(reply.status) || reply.status == 400 else {
                throw GoogleHTTP.classify(reply, service: Self.service)
            }
        }
    }

    /// The account's e-mail address.
    public func email(accessToken: String) async throws -> String? {
        struct UserInfo: Decodable { let email: String? }
        return try await resilience.run { _ in
            let reply = try await http.send(.GET, configuration.userInfoURL, bearer: accessToken, service: Self.service)
            return try http.decode(UserInfo.self, from: reply, service: Self.service).email
        }
    }

    private func tokenRequest(_ fields: [(String, String)]) async throws -> TokenResponse {
        try await resilience.run { _ in
            let reply = try await http.send(.POST, configuration.tokenURL, contentType: "application/x-www-form-urlencoded",
                                            body: GoogleHTTP.form(fields), service: Self.service)
            if reply.status == 400 || reply.status == 401,
               let body = try? JSONDecoder().decode(OAuthErrorBody.self, from: reply.body), let code = body.error {
                if code == "invalid_grant" { throw IntegrationError(.needsReauth, "the provider no longer accepts this grant") }
                throw IntegrationError(.upstreamFailed, "the provider refused the token request (\(code))")
            }
            return try http.decode(TokenResponse.self, from: reply, service: Self.service)
        }
    }
}
