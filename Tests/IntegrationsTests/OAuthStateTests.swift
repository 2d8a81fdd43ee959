import Foundation
import Integrations
import PerinTesting
import Storage
import Testing

@Suite("OAuth2 state and PKCE")
struct OAuthStateTests {
    /// Replaces the `state` (or any) query value in a callback path.
    static func replacing(_ name: String, in path: String, with value: String) -> String {
        var components = URLComponents(string: "http://x" + path)!
        components.queryItems = components.queryItems?.map { $0.name == name ? URLQueryItem(name: name, value: value) : $0 }
        return components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? "")
    }

    static func nothingStored(_ server: IntegrationsHarness, _ userIDs: [String]) async throws -> Bool {
        let repository = IntegrationConnectionRepository(database: server.database)
        for id in userIDs where !(try await repository.list(userID: id)).isEmpty { return false }
        return true
    }

    @Test("forged, replayed, expired, other user's and wrong-type states are refused with nothing stored", arguments: TestDatabases.kinds)
    func stateAttacks(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (alice, aliceToken) = try await server.makeUser("alice@example.com")
            let (bob, bobToken) = try await server.makeUser("bob@example.com")

            // Forged: a state Perin never issued.
            let genuine = try await server.followAuthorization(try await server.authURL("gmail", token: aliceToken))
            let forged = try await server.request(.get, Self.replacing("state", in: genuine, with: "forged-state-value"), token: aliceToken)
            #expect(forged.status == .badRequest)
            #expect(forged.errorCode == "invalid_state")
            let missing = try await server.request(.get, "/api/integrations/callback?type=gmail&code=abc", token: aliceToken)
            #expect(missing.errorCode == "invalid_state")

            // Other user's: Bob presents Alice's state (and it is burnt for everyone).
            let stolen = try await server.request(.get, genuine, token: bobToken)
            #expect(stolen.status == .badRequest)
            #expect(stolen.errorCode == "invalid_state")
            #expect(try await server.request(.get, genuine, token: aliceToken).errorCode == "invalid_state")

            // Wrong type: a gmail state presented as google-calendar.
            let gmailFlow = try await server.followAuthorization(try await server.authURL("gmail", token: aliceToken))
            let wrongType = try await server.request(.get, Self.replacing("type", in: gmailFlow, with: "google-calendar"), token: aliceToken)
            #expect(wrongType.errorCode == "invalid_state")

            // Expired: older than ten minutes.
            let late = try await server.followAuthorization(try await server.authURL("gmail", token: aliceToken))
            server.clock.advance(601)
            let expired = try await server.request(.get, late, token: aliceToken)
            #expect(expired.status == .badRequest)
            #expect(expired.errorCode == "state_expired")

            #expect(try await Self.nothingStored(server, [alice.id, bob.id]))
            #expect(server.google.count("token.code") == 0)

            // Replayed: the first use succeeds, the second is refused.
            let good = try await server.followAuthorization(try await server.authURL("gmail", token: aliceToken))
            #expect(try await server.request(.get, good, token: aliceToken).status == .found)
            let replay = try await server.request(.get, good, token: aliceToken)
            #expect(replay.errorCode == "invalid_state")
            #expect(server.google.count("token.code") == 1)
            #expect(try await Self.nothingStored(server, [bob.id]))
        }
    }

    @Test("access_denied, missing scopes, planned and unknown types", arguments: TestDatabases.kinds)
    func refusals(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (alice, token) = try await server.makeUser("alice@example.com")
            server.google.setDeny(true)
            let denied = try await server.connect("gmail", token: token)
            #expect(denied.status == .badRequest)
            #expect(denied.errorCode == "access_denied")
            server.google.setDeny(false)

            server.google.setGrantedScopes(["openid", "email"])
            let narrow = try await server.connect("gmail", token: token)
            #expect(narrow.status == .forbidden)
            #expect(narrow.errorCode == "insufficient_scope")
            #expect(server.google.count("revoke") == 1)
            server.google.setGrantedScopes(nil)
            #expect(try await Self.nothingStored(server, [alice.id]))

            let planned = try await server.request(.post, "/api/integrations/connect", token: token, json: #"{"type":"slack"}"#)
            #expect(planned.status == .notImplemented)
            #expect(planned.errorCode == "not_implemented")
            let unknown = try await server.request(.post, "/api/integrations/connect", token: token, json: #"{"type":"myspace"}"#)
            #expect(unknown.status == .notFound)
            let bad = try await server.request(.post, "/api/integrations/connect", token: token, json: #"{"kind":"gmail"}"#)
            #expect(bad.status == .badRequest)
            let unauthenticated = try await server.request(.post, "/api/integrations/connect", json: #"{"type":"gmail"}"#)
            #expect(unauthenticated.status == .unauthorized)

            let types = try await server.request(.get, "/api/integrations/connect", token: token)
            let entries = types.json["types"] as? [[String: Any]] ?? []
            #expect(Set(entries.compactMap { $0["type"] as? String }).isSuperset(of: ["gmail", "google-calendar", "local-calendar", "ics-feed", "slack", "notion", "github", "zoom", "teams"]))
            #expect(entries.first { $0["type"] as? String == "slack" }?["status"] as? String == "planned")
        }
    }

    @Test("the fake refuses a code exchanged with the wrong PKCE verifier")
    func pkceEnforced() async throws {
        let google = try await FakeGoogleServer.start()
        defer { Task { await google.stop() } }
        let pkce = PKCE.generate()
        let auth = "\(google.baseURL)/o/oauth2/v2/auth?client_id=\(google.clientID)&response_type=code&redirect_uri=http://perin.test/cb&code_challenge=\(pkce.challenge)&code_challenge_method=S256&state=s"
        let harness = IntegrationsHarnessLite(google: google)
        let location = try await harness.redirect(auth)
        let code = URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value ?? ""
        let client = OAuthClient(configuration: GoogleConfiguration.fromEnvironment(google.environment), http: GoogleHTTP())
        await #expect(throws: IntegrationError.self) {
            _ = try await client.exchange(code: code, verifier: PKCE.generate().verifier, redirectURI: "http://perin.test/cb")
        }
        #expect(google.pkceFailures == 1)
    }

    @Test("PKCE challenge is BASE64URL(SHA256(verifier)) (RFC 7636 appendix B)")
    func pkceVector() {
        #expect(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.generate().verifier.count == 43)
    }
}
