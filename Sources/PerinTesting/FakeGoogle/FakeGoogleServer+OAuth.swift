import Foundation
import Hummingbird
import NIOCore

extension FakeGoogleServer {
    func addOAuthRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/o/oauth2/v2/auth") { request, _ in self.authorize(request) }
        router.post("/token") { request, context in try await self.tokenEndpoint(request, context: context) }
        router.post("/revoke") { request, context in try await self.revoke(request, context: context) }
        router.get("/v1/userinfo") { request, _ in try await self.userInfo(request) }
    }

    /// Auto-consent: redirects straight back with a code (or `error=access_denied`).
    func authorize(_ request: Request) -> Response {
        let query = Self.query(request)
        bump("authorize")
        state.withLock { $0.lastAuthorizeQuery = query }
        guard query["client_id"] == clientID, query["response_type"] == "code", let redirect = query["redirect_uri"],
              let challenge = query["code_challenge"], query["code_challenge_method"] == "S256" else {
            return Self.json(["error": "invalid_request"], status: .badRequest)
        }
        let separator = redirect.contains("?") ? "&" : "?"
        let state = query["state"].map { "&state=\(Self.encode($0))" } ?? ""
        let denied = self.state.withLock { $0.deny }
        if denied {
            return Response(status: .found, headers: [.location: "\(redirect)\(separator)error=access_denied\(state)"])
        }
        let requested = (query["scope"] ?? "").split(separator: " ").map(String.init)
        let code = Self.token("4/fake-code-")
        let scopes: [String] = self.state.withLock { s in
            let scopes = s.grantedScopes ?? requested
            s.codes[code] = PendingCode(redirectURI: redirect, challenge: challenge, scopes: scopes)
            return scopes
        }
        let scopeText = Self.encode(scopes.joined(separator: " "))
        return Response(status: .found, headers: [.location: "\(redirect)\(separator)code=\(Self.encode(code))&scope=\(scopeText)\(state)"])
    }

    func tokenEndpoint(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let form = try await Self.form(request)
        if let fault = try await fault(.token) { return fault }
        guard form["client_id"] == clientID, form["client_secret"] == clientSecret else {
            return Self.json(["error": "invalid_client", "error_description": "The OAuth client was not found."], status: .unauthorized)
        }
        switch form["grant_type"] {
        case "authorization_code":
            bump("token.code")
            return exchange(form)
        case "refresh_token":
            bump("token.refresh")
            return refresh(form)
        default:
            return Self.json(["error": "unsupported_grant_type", "error_description": "Invalid grant_type."], status: .badRequest)
        }
    }

    private func exchange(_ form: [String: String]) -> Response {
        state.withLock { state -> Response in
            guard let code = form["code"], let pending = state.codes.removeValue(forKey: code) else {
                return Self.invalidGrant("Malformed auth code.")
            }
            guard form["redirect_uri"] == pending.redirectURI else { return Self.json(["error": "redirect_uri_mismatch", "error_description": "Bad Request"], status: .badRequest) }
            guard let verifier = form["code_verifier"], Self.challenge(verifier) == pending.challenge else {
                state.pkceFailures += 1
                return Self.invalidGrant("Invalid code verifier.")
            }
            let grantID = UUID().uuidString
            state.grants[grantID] = Grant(email: state.account, scopes: pending.scopes)
            let access = Self.token("ya29.fake-access-"), refresh = Self.token("1//fake-refresh-")
            state.accessTokens[access] = (grantID, Date().addingTimeInterval(Double(state.accessTokenLifetime)))
            state.refreshTokens[refresh] = grantID
            return Self.json([
                "access_token": access, "expires_in": state.accessTokenLifetime, "refresh_token": refresh,
                "scope": pending.scopes.joined(separator: " "), "token_type": "Bearer",
            ])
        }
    }

    private func refresh(_ form: [String: String]) -> Response {
        state.withLock { state -> Response in
            guard let token = form["refresh_token"], let grantID = state.refreshTokens[token],
                  let grant = state.grants[grantID], !grant.revoked else {
                return Self.invalidGrant("Token has been expired or revoked.")
            }
            let access = Self.token("ya29.fake-access-")
            state.accessTokens[access] = (grantID, Date().addingTimeInterval(Double(state.accessTokenLifetime)))
            var body: [String: Any] = [
                "access_token": access, "expires_in": state.accessTokenLifetime,
                "scope": grant.scopes.joined(separator: " "), "token_type": "Bearer",
            ]
            if state.rotateRefreshTokens {
                let rotated = Self.token("1//fake-refresh-")
                state.refreshTokens[token] = nil
                state.refreshTokens[rotated] = grantID
                body["refresh_token"] = rotated
            }
            return Self.json(body)
        }
    }

    /// Revoking either token of a grant revokes the whole grant, as Google does.
    func revoke(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let form = try await Self.form(request)
        bump("revoke")
        return state.withLock { state -> Response in
            guard let token = form["token"], let grantID = state.refreshTokens[token] ?? state.accessTokens[token]?.grant else {
                return Self.json(["error": "invalid_token", "error_description": "Token expired or revoked"], status: .badRequest)
            }
            state.grants[grantID]?.revoked = true
            return Self.json([:])
        }
    }

    func userInfo(_ request: Request) async throws -> Response {
        bump("userinfo")
        if let fault = try await fault(.userinfo) { return fault }
        guard let email = account(for: request) else { return Self.unauthorized() }
        return Self.json(["sub": String(abs(email.hashValue)), "email": email, "email_verified": true])
    }

    static func invalidGrant(_ description: String) -> Response {
        json(["error": "invalid_grant", "error_description": description], status: .badRequest)
    }

    /// `application/x-www-form-urlencoded` body.
    static func form(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        var result: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }
}
