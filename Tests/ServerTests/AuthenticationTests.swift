import Foundation
import HTTPTypes
import NIOCore
import HummingbirdTesting
import PerinTesting
@testable import Server
import Storage
import Testing

@Suite("Authentication")
struct AuthenticationTests {
    @Test("missing, malformed, invalid and revoked tokens get 401 with the error shape", arguments: TestDatabases.kinds)
    func unauthorized(kind: DatabaseKind) async throws {
        try await ServerHarness.withServer(kind) { server in
            let (_, token) = try await server.makeUser("owner@example.com")

            let missing = try await server.request(.get, "/api/me")
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")

            let malformed = try await server.request(.get, "/api/me", headers: [.authorization: "Basic abc"])
            #expect(malformed.status == .unauthorized)

            let invalid = try await server.request(.get, "/api/me", token: "perin_notarealtoken")
            #expect(invalid.status == .unauthorized)
            #expect((invalid.json["error"] as? [String: Any])?["message"] as? String == "invalid or revoked API token")

            let me = try await server.request(.get, "/api/me", token: token)
            #expect(me.status == .ok)
            #expect(me.json["email"] as? String == "owner@example.com")
            #expect(me.json["passwordHash"] == nil)

            // Issue a second token, revoke the first through the API: it stops working at once.
            let created = try await server.request(.post, "/api/tokens", token: token, json: #"{"label":"laptop"}"#)
            #expect(created.status == .created)
            let second = try #require(created.json["token"] as? String)
            let tokens = try await server.request(.get, "/api/tokens", token: second)
            let firstID = try #require(((tokens.json["tokens"] as? [[String: Any]])?.first { $0["label"] as? String == "default" })?["id"] as? String)
            let revoke = try await server.request(.delete, "/api/tokens/\(firstID)", token: second)
            #expect(revoke.status == .noContent)
            let revoked = try await server.request(.get, "/api/me", token: token)
            #expect(revoked.status == .unauthorized)
            #expect(try await server.request(.get, "/api/me", token: second).status == .ok)
        }
    }

    @Test("password login sets a secure session cookie that authenticates", arguments: TestDatabases.kinds)
    func passwordLogin(kind: DatabaseKind) async throws {
        try await ServerHarness.withServer(kind) { server in
            _ = try await server.makeUser("web@example.com", password: "correct horse battery")
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let wrong = try await server.client.execute(
                uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "email=web%40example.com&password=nope")
            )
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)
            #expect(wrong.text.contains("Wrong email or password."))

            let login = try await server.client.execute(
                uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "email=web%40example.com&password=correct+horse+battery")
            )
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/")
            let cookie = try #require(login.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "plain http public URL: no Secure flag")
            let value = try #require(cookie.split(separator: ";").first.map(String.init))

            let me = try await server.client.execute(uri: "/api/me", method: .get, headers: [.cookie: value])
            #expect(me.status == .ok)
            #expect(me.json["email"] as? String == "web@example.com")
            let home = try await server.client.execute(uri: "/", method: .get, headers: [.cookie: value])
            #expect(home.status == .ok)
            #expect(home.text.contains("web@example.com"))

            let logout = try await server.client.execute(uri: "/logout", method: .post, headers: [.cookie: value])
            #expect(logout.status == .seeOther)
            #expect(try await server.client.execute(uri: "/api/me", method: .get, headers: [.cookie: value]).status == .unauthorized)
        }
    }

    @Test func secureCookieBehindHTTPS() async throws {
        var configuration = ServerHarness.testConfiguration()
        configuration.publicURL = "https://perin.example.com"
        try await ServerHarness.withServer(.sqlite, configuration: configuration) { server in
            _ = try await server.makeUser("tls@example.com", password: "long enough password")
            let login = try await server.client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"email":"tls@example.com","password":"long enough password"}"#)
            )
            #expect(login.status == .seeOther)
            #expect(login.headers[.setCookie]?.contains("Secure") == true)
        }
    }
}
