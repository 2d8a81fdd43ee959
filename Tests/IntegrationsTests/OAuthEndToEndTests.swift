import Foundation
import Integrations
import PerinTesting
import Storage
import Testing

@Suite("OAuth2 connect, refresh, revoke (over real HTTP)")
struct OAuthEndToEndTests {
    @Test("connect → callback → sealed tokens → context → refresh → revoked upstream → needs_reauth → notification", arguments: TestDatabases.kinds)
    func endToEnd(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (owner, token) = try await server.makeUser("owner@example.com")
            server.google.addMessages([
                FakeGmailMessage(from: "Dana <dana@example.com>", subject: "Quarterly plan", snippet: "Can we meet Thursday?", date: Date().addingTimeInterval(-3600)),
                FakeGmailMessage(from: "Lee <lee@example.com>", subject: "Invoice", snippet: "Attached", date: Date().addingTimeInterval(-7200), unread: false),
            ])
            server.google.addEvents([FakeCalendarEvent(summary: "Dentist", start: Date().addingTimeInterval(86_400), end: Date().addingTimeInterval(86_400 + 1800))])

            // The authorization URL carries everything RFC 6749/7636 and Google's offline access need.
            let authURL = try await server.authURL("gmail", token: token)
            let callback = try await server.followAuthorization(authURL)
            let query = server.google.lastAuthorizeQuery
            #expect(query["code_challenge_method"] == "S256")
            #expect(query["access_type"] == "offline")
            #expect(query["prompt"] == "consent")
            #expect(query["include_granted_scopes"] == "true")
            #expect(query["redirect_uri"] == "\(IntegrationsHarness.publicURL)/api/integrations/callback?type=gmail")
            #expect(query["scope"]?.contains("https://www.googleapis.com/auth/gmail.readonly") == true)

            let done = try await server.request(.get, callback, token: token)
            #expect(done.status == .found)
            #expect(done.headers[.location]?.hasPrefix("/") == true)
            #expect(server.google.count("token.code") == 1)
            #expect(server.google.pkceFailures == 0)
            let calendarDone = try await server.connect("google-calendar", token: token)
            #expect(calendarDone.status == .found)

            // Stored sealed: no issued token appears anywhere in the raw database bytes.
            let raw = try await server.rawConnectionBytes()
            #expect(!server.google.issuedTokens.isEmpty)
            for issued in server.google.issuedTokens { #expect(!raw.contains(issued)) }
            let listed = try await server.request(.get, "/api/integrations", token: token)
            let integrations = listed.json["integrations"] as? [[String: Any]] ?? []
            #expect(integrations.map { $0["type"] as? String } == ["gmail", "google-calendar"])
            #expect(integrations.first?["accountEmail"] as? String == "owner@example.com")
            #expect(integrations.first?["status"] as? String == "connected")
            for issued in server.google.issuedTokens { #expect(!listed.text.contains(issued)) }

            // Context from both, in parallel.
            let contexts = await server.hub.loadContexts(userID: owner.id, types: ["gmail", "google-calendar"])
            #expect(contexts.map(\.status) == [.ok, .ok])
            #expect(contexts.first?.text.contains("Quarterly plan") == true)
            #expect(contexts.first?.text.contains("[unread]") == true)
            #expect(contexts.last?.text.contains("Dentist") == true)
            #expect(server.google.count("token.refresh") == 0)

            // The access token nears expiry: the next call refreshes first.
            server.clock.advance(3600 - 120)
            let refreshed = await server.hub.loadContexts(userID: owner.id, types: ["gmail"])
            #expect(refreshed.first?.status == .ok)
            #expect(server.google.count("token.refresh") == 1)

            // The owner revokes access at Google; the next refresh fails with invalid_grant.
            server.google.revokeAll()
            server.clock.advance(3600)
            let revoked = await server.hub.loadContexts(userID: owner.id, types: ["gmail"])
            #expect(revoked.first?.status == .needsReauth)
            #expect(try await server.hub.reauthRequired(userID: owner.id).contains("gmail"))
            let notifications = try await NotificationRepository(database: server.database).list(userID: owner.id)
            #expect(notifications.filter { $0.kind == "integration_reauth" }.count == 1)
            #expect(notifications.first?.actionRef?.contains("gmail") == true)
            let state = try await server.request(.get, "/api/integrations", token: token)
            #expect((state.json["reauthRequired"] as? [String])?.contains("gmail") == true)

            // A second failing call does not notify again.
            _ = await server.hub.loadContexts(userID: owner.id, types: ["gmail"])
            #expect(try await NotificationRepository(database: server.database).list(userID: owner.id).count == 1)

            // Reconnecting clears it.
            #expect(try await server.connect("gmail", token: token).status == .found)
            #expect(try await server.hub.reauthRequired(userID: owner.id).contains("gmail") == false)
        }
    }

    @Test("disconnect revokes at the provider and deletes the tokens", arguments: TestDatabases.kinds)
    func disconnect(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (owner, token) = try await server.makeUser("owner@example.com")
            #expect(try await server.connect("gmail", token: token).status == .found)
            let deleted = try await server.request(.delete, "/api/integrations/gmail", token: token)
            #expect(deleted.status == .ok)
            #expect(server.google.count("revoke") == 1)
            #expect(try await IntegrationConnectionRepository(database: server.database).find(userID: owner.id, type: "gmail") == nil)
            #expect(try await server.request(.delete, "/api/integrations/gmail", token: token).status == .notFound)
            let context = await server.hub.loadContexts(userID: owner.id, types: ["gmail"])
            #expect(context.first?.status == .degraded)
        }
    }

    @Test("fifty concurrent callers with an expired token cause exactly one refresh", arguments: TestDatabases.kinds)
    func singleFlightRefresh(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            server.google.setRotateRefreshTokens(true)
            let (owner, token) = try await server.makeUser("owner@example.com")
            #expect(try await server.connect("gmail", token: token).status == .found)
            server.clock.advance(3600)
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 { group.addTask { try await server.hub.tokens.accessToken(userID: owner.id, type: "gmail") } }
                var all: [String] = []
                for try await value in group { all.append(value) }
                return all
            }
            #expect(tokens.count == 50)
            #expect(Set(tokens).count == 1)
            #expect(server.google.count("token.refresh") == 1)
            // The rotated refresh token was stored: the next refresh succeeds with it.
            server.clock.advance(3600)
            _ = try await server.hub.tokens.accessToken(userID: owner.id, type: "gmail")
            #expect(server.google.count("token.refresh") == 2)
            #expect(try await server.hub.reauthRequired(userID: owner.id).isEmpty)
        }
    }

    @Test("a refresh without a new refresh token keeps the old one", arguments: TestDatabases.kinds)
    func keepsRefreshToken(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (owner, token) = try await server.makeUser("owner@example.com")
            #expect(try await server.connect("gmail", token: token).status == .found)
            let before = try await IntegrationConnectionRepository(database: server.database).find(userID: owner.id, type: "gmail")
            for _ in 0..<3 {
                server.clock.advance(3600)
                _ = try await server.hub.tokens.accessToken(userID: owner.id, type: "gmail")
            }
            let after = try await IntegrationConnectionRepository(database: server.database).find(userID: owner.id, type: "gmail")
            #expect(server.google.count("token.refresh") == 3)
            #expect(after?.refreshToken == before?.refreshToken)
            #expect(after?.accessToken != before?.accessToken)
        }
    }
}
