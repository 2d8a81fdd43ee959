import Foundation
import PerinTesting
import Storage
import Testing

@Suite("Delegation links: owner API, tokens, expiry, revocation")
struct LinkLifecycleTests {
    @Test("create → list → revoke; the token is stored only as its SHA-256", arguments: TestDatabases.kinds)
    func lifecycle(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let created = try await server.request(.POST, "/api/delegation", token: api,
                                                   json: #"{"ttlHours":2,"constraints":{"durations":[15,30],"defaultDuration":15,"title":"Intro","maxBookings":3}}"#)
            #expect(created.status == 201)
            let url = try #require(created.json["url"] as? String)
            #expect(url.hasPrefix("http://perin.test/talk-to-perin/dl_"))
            let token = String(url.split(separator: "/").last!)
            #expect(token.count == 46)
            #expect(created.json["expiresAt"] as? String == "2026-03-23T10:00:00Z")

            let stored = try #require(try await DelegationLinkRepository(database: server.database).list(ownerID: owner.id).first)
            #expect(stored.link.tokenHash == SecretToken.hash(token))
            #expect(!stored.link.constraintsJson.contains(token))

            _ = try await server.request(.GET, "/talk-to-perin/\(token)")
            // Slots requests count and are audited, a bad one too.
            #expect(try await server.request(.GET, "/api/public/delegation/\(token)/slots?tz=Europe/Berlin").status == 200)
            #expect(try await server.request(.GET, "/api/public/delegation/\(token)/slots?tz=Nowhere/Else").status == 400)
            let audited = try await AuditLogRepository(database: server.database).list(userID: owner.id)
            #expect(audited.filter { $0.action == "delegation.slots" }.count == 2)
            let listed = try await server.request(.GET, "/api/delegation", token: api)
            let links = try #require(listed.json["links"] as? [[String: Any]])
            #expect(links.count == 1)
            #expect(links[0]["state"] as? String == "active")
            #expect(links[0]["uses"] as? Int == 3)
            #expect(links[0]["bookings"] as? Int == 0)
            #expect(!listed.body.contains(token))

            let revoked = try await server.request(.POST, "/api/delegation/\(created.json["id"] as! String)/revoke", token: api)
            #expect(revoked.status == 200)
            #expect(revoked.json["state"] as? String == "revoked")
            let gone = try await server.request(.GET, "/api/public/delegation/\(token)/slots")
            #expect(gone.status == 410)
            #expect(gone.errorCode == "link_gone")
            #expect(try await server.book(token, start: "2026-03-24T09:00:00Z").status == 410)
            #expect(try await server.request(.GET, "/talk-to-perin/\(token)").status == 410)

            let audit = try await AuditLogRepository(database: server.database).list(userID: owner.id)
            #expect(Set(audit.map(\.action)).isSuperset(of: ["delegation.create", "delegation.page", "delegation.revoke"]))
            #expect(!audit.contains { ($0.detail ?? "").contains(token) || ($0.target ?? "").contains(token) })
        }
    }

    @Test("an expired link answers 410; unknown and malformed tokens answer one identical 404", arguments: TestDatabases.kinds)
    func expiredAndUnknown(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (_, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api, ttlHours: 1)
            #expect(try await server.request(.GET, "/api/public/delegation/\(link.token)/slots").status == 200)
            server.clock.advance(3601)
            let expired = try await server.request(.GET, "/api/public/delegation/\(link.token)/slots")
            #expect(expired.status == 410)
            #expect(expired.errorCode == "link_gone")

            var flipped = Array(link.token)
            flipped[10] = flipped[10] == "A" ? "B" : "A"
            let unknown = ["dl_" + String(repeating: "A", count: 43), String(flipped), "nonsense", "dl_short"]
            var bodies = Set<[String]>()
            for token in unknown {
                let reply = try await server.request(.GET, "/api/public/delegation/\(token)/slots")
                #expect(reply.status == 404)
                let error = reply.json["error"] as? [String: String] ?? [:]
                bodies.insert([error["code"] ?? "", error["message"] ?? "", String(reply.body.count)])
                #expect(try await server.book(token, start: "2026-03-24T09:00:00Z").status == 404)
            }
            #expect(bodies.count == 1, "\(bodies)")
        }
    }

    @Test("bad owner input: TTL out of range or bad constraints → 400, nothing stored", arguments: TestDatabases.kinds)
    func badInput(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            for body in [#"{"ttlMinutes":30}"#, #"{"ttlHours":721}"#, #"{}"#, #"{"ttlHours":2,"ttlMinutes":5}"#,
                         #"{"ttlHours":2,"constraints":{"durations":[30],"defaultDuration":45}}"#,
                         #"{"ttlHours":2,"constraints":{"workingHours":{"1":["17:00-09:00"]}}}"#,
                         #"{"ttlHours":2,"constraints":{"durations":[1000],"defaultDuration":1000}}"#] {
                let reply = try await server.request(.POST, "/api/delegation", token: api, json: body)
                #expect(reply.status == 400, "\(body)")
            }
            #expect(try await DelegationLinkRepository(database: server.database).list(ownerID: owner.id).isEmpty)
            #expect(try await server.request(.POST, "/api/delegation", json: #"{"ttlHours":2}"#).status == 401)
        }
    }

    @Test("one owner cannot list or revoke another's links", arguments: TestDatabases.kinds)
    func isolation(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (_, alice) = try await server.makeOwner("alice@example.com")
            let (_, bob) = try await server.makeOwner("bob@example.com")
            let link = try await server.makeLink(alice)
            #expect(try await server.request(.POST, "/api/delegation/\(link.id)/revoke", token: bob).status == 404)
            #expect((try await server.request(.GET, "/api/delegation", token: bob).json["links"] as? [Any])?.count == 0)
            #expect(try await server.request(.GET, "/api/public/delegation/\(link.token)/slots").status == 200)
        }
    }
}
