import Foundation
import Integrations
import PerinTesting
import Scheduling
@testable import Server
import Storage
import Testing

@Suite("Agent-to-agent scheduling")
struct NetworkSchedulingTests {
    static let all = #"["profile.basic.read","calendar.availability.read","calendar.events.propose","calendar.events.write.confirm"]"#

    /// A (Berlin) and B (New York) connected with `all` scopes both ways.
    static func connect(_ server: DelegationHarness) async throws -> (a: UserRecord, aToken: String, b: UserRecord, bToken: String, connection: String) {
        let (a, aToken) = try await server.makeOwner("a@example.com", timezone: "Europe/Berlin")
        let (b, bToken) = try await server.makeOwner("b@example.com", timezone: "America/New_York")
        let invite = try await server.request(.POST, "/api/network/connections", token: aToken, json: #"{"email":"b@example.com","scopes":\#(all)}"#)
        #expect(invite.status == 201)
        let id = try #require(invite.json["id"] as? String)
        let accepted = try await server.request(.POST, "/api/network/connections/\(id)/accept", token: bToken, json: #"{"scopes":\#(all)}"#)
        #expect(accepted.json["status"] as? String == "active")
        return (a, aToken, b, bToken, id)
    }

    static func start(_ server: DelegationHarness, _ token: String, _ connection: String) async throws -> DelegationHarness.Reply {
        try await server.request(.POST, "/api/network/sessions", token: token,
                                 json: #"{"connectionId":"\#(connection)","title":"Sync","durationMins":30,"from":"2026-03-24T00:00:00Z","to":"2026-03-25T00:00:00Z"}"#)
    }

    @Test("mutual slots in both zones, notification, concurrent confirms: one 200 and one 409, event on both calendars", arguments: TestDatabases.kinds)
    func confirmRace(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (a, aToken, b, bToken, connection) = try await Self.connect(server)
            let started = try await Self.start(server, aToken, connection)
            #expect(started.status == 201, "\(started.body)")
            let proposals = try #require(started.json["proposals"] as? [[String: Any]])
            // 09:00–17:00 Berlin (UTC+1) meets 09:00–17:00 New York (UTC−4) from 13:00Z to 16:00Z.
            #expect(proposals.first?["start"] as? String == "2026-03-24T13:00:00Z")
            #expect(proposals.count == 5)
            let sessionID = try #require(started.json["id"] as? String)
            let note = try await NotificationRepository(database: server.database).list(userID: b.id).first
            #expect(note?.kind == "network.proposal")
            #expect(note?.actionRef?.contains(sessionID) == true)

            async let first = server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":0}"#, headers: ["Idempotency-Key": "k1"])
            async let second = server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":1}"#, headers: ["Idempotency-Key": "k2"])
            let statuses = try await [first.status, second.status].sorted()
            #expect(statuses == [200, 409])
            let session = try await server.request(.GET, "/api/network/sessions/\(sessionID)", token: aToken)
            #expect(session.json["status"] as? String == "confirmed")
            let start = try #require(ISO8601DateFormatter().date(from: session.json["confirmedStart"] as? String ?? ""))
            let calendar = LocalCalendar(database: server.database)
            for owner in [a, b] {
                let events = try await calendar.events(userID: owner.id, from: start.addingTimeInterval(-86_400), to: start.addingTimeInterval(86_400))
                #expect(events.map(\.start) == [start])
                #expect(events.map(\.title) == ["Sync"])
            }
            // A retry with the winning key answers the same confirmation.
            let winner = try await server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":0}"#, headers: ["Idempotency-Key": "k1"])
            let retried = try await server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":1}"#, headers: ["Idempotency-Key": "k2"])
            #expect([winner.status, retried.status].sorted() == [200, 409])
        }
    }

    @Test("refusals: missing scope, non-member, revoked connection", arguments: TestDatabases.kinds)
    func refusals(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (_, aToken) = try await server.makeOwner("a@example.com")
            let (_, bToken) = try await server.makeOwner("b@example.com")
            let (_, cToken) = try await server.makeOwner("c@example.com")
            let invite = try await server.request(.POST, "/api/network/connections", token: aToken, json: #"{"email":"b@example.com","scopes":["calendar.availability.read"]}"#)
            let id = try #require(invite.json["id"] as? String)
            #expect(try await server.request(.POST, "/api/network/connections", token: aToken, json: #"{"email":"b@example.com","scopes":["calendar.everything"]}"#).status == 400)
            #expect(try await server.request(.POST, "/api/network/connections/\(id)/accept", token: cToken, json: #"{"scopes":[]}"#).status == 404)
            #expect(try await server.request(.POST, "/api/network/connections/\(id)/accept", token: bToken, json: #"{"scopes":["calendar.availability.read","calendar.events.propose"]}"#).status == 200)
            // B may not propose to A: A granted availability only.
            let refused = try await Self.start(server, bToken, id)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "missing_scope")
            #expect(try await Self.start(server, cToken, id).status == 404)
            #expect(try await Self.start(server, aToken, id).status == 201)
            #expect(try await server.request(.POST, "/api/network/connections/\(id)/revoke", token: bToken).status == 200)
            let revoked = try await Self.start(server, aToken, id)
            #expect(revoked.status == 410)
        }
    }

    @Test("cancel: either member declines an open session once; others get 404; a cancelled session cannot be confirmed", arguments: TestDatabases.kinds)
    func cancel(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (a, aToken, _, bToken, connection) = try await Self.connect(server)
            let (_, outsider) = try await server.makeOwner("c@example.com")
            let started = try await Self.start(server, aToken, connection)
            let sessionID = try #require(started.json["id"] as? String)
            let path = "/api/network/sessions/\(sessionID)/cancel"
            #expect(try await server.request(.POST, path, token: outsider, json: "{}").status == 404)
            #expect(try await server.request(.POST, path, token: bToken).status == 400, "a JSON body is required")
            let cancelled = try await server.request(.POST, path, token: bToken, json: #"{"reason":"travelling that week"}"#)
            #expect(cancelled.status == 200, "\(cancelled.body)")
            #expect(cancelled.json["status"] as? String == "cancelled")
            let again = try await server.request(.POST, path, token: bToken, json: "{}")
            #expect(again.status == 200)
            let kinds = (again.json["transcript"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["proposal", "cancel"], "one cancel entry however often it is sent")
            let told = try await NotificationRepository(database: server.database).list(userID: a.id)
            #expect(told.filter { $0.kind == "network.cancelled" }.count == 1)
            #expect(told.first { $0.kind == "network.cancelled" }?.body.contains("travelling that week") == true)
            let confirm = try await server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":0}"#)
            #expect(confirm.status == 409)
        }
    }

    /// A keeps the local calendar; B connects Google Calendar (the fake). The confirm writes A's
    /// event first, then B's: Google answers 500 to every attempt of that second insert.
    @Test("a fake-Google 500 on the second calendar insert leaves neither calendar with the event", arguments: TestDatabases.kinds)
    func compensation(kind: DatabaseKind) async throws {
        let google = try await FakeGoogleServer.start()
        defer { Task { await google.stop() } }
        try await DelegationHarness.withServer(kind, google: google) { server in
            let (a, aToken, b, bToken, connection) = try await Self.connect(server)
            google.setAccount("b@example.com")
            #expect(try await server.connectGoogle("google-calendar", apiToken: bToken, google: google) == 302)
            let started = try await Self.start(server, aToken, connection)
            #expect(started.status == 201, "\(started.body)")
            let sessionID = try #require(started.json["id"] as? String)
            #expect(google.count("calendar.freeBusy") >= 1, "B's proposals read Google free/busy")

            google.enqueueFault(.serverError, scope: .calendarInsert, times: 10)
            let confirm = try await server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":0}"#)
            #expect(confirm.status == 503)
            #expect(confirm.errorCode == "calendar_unavailable", "\(confirm.body)")
            #expect(google.count("calendar.insert") == 3, "three attempts at B's insert")
            #expect(google.events(account: "b@example.com").isEmpty)
            let day = ISO8601DateFormatter().date(from: "2026-03-24T00:00:00Z")!
            let local = try await LocalCalendar(database: server.database).events(userID: a.id, from: day, to: day.addingTimeInterval(86_400))
            #expect(local.isEmpty, "A's event was removed again")
            for owner in [a, b] {
                #expect(try await BookingRepository(database: server.database).live(ownerID: owner.id, from: day, to: day.addingTimeInterval(86_400)).isEmpty)
            }
            let session = try await server.request(.GET, "/api/network/sessions/\(sessionID)", token: aToken)
            #expect(session.json["status"] as? String == "open")
            let kinds = (session.json["transcript"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["proposal", "error"])

            // Once Google works again the same proposal confirms: one event on each calendar, same instant.
            google.clearFaults()
            #expect(try await server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":0}"#).status == 200)
            let onGoogle = google.events(account: "b@example.com").filter { $0.status != "cancelled" }
            let onLocal = try await LocalCalendar(database: server.database).events(userID: a.id, from: day, to: day.addingTimeInterval(86_400))
            #expect(onGoogle.count == 1 && onLocal.count == 1)
            #expect(onGoogle.first?.start == onLocal.first?.start)
        }
    }
}
