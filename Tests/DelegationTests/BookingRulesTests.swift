import Foundation
import PerinTesting
import Storage
import Testing

/// Bookings outside a link's rules are refused with a clear code; nothing is stored.
@Suite("Booking rules")
struct BookingRulesTests {
    @Test("too soon, too long, outside hours, past the window, off the grid → 422 with a reason", arguments: TestDatabases.kinds)
    func refusals(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":240,"windowEnd":"2026-03-31T00:00:00Z"}"#)
            let cases: [(start: String, duration: Int, code: String)] = [
                ("2026-03-23T10:00:00Z", 30, "too_soon"),          // 2 h ahead, 4 h notice required
                ("2026-03-24T09:00:00Z", 90, "duration_not_allowed"),
                ("2026-03-24T17:00:00Z", 30, "outside_hours"),     // 18:00 Berlin
                ("2026-03-24T15:45:00Z", 30, "outside_hours"),     // ends 17:15 Berlin
                ("2026-03-28T10:00:00Z", 30, "outside_hours"),     // Saturday
                ("2026-03-31T08:00:00Z", 30, "outside_window"),
                ("2026-03-24T09:10:00Z", 30, "not_a_slot"),
            ]
            for c in cases {
                let reply = try await server.book(link.token, start: c.start, duration: c.duration)
                #expect(reply.status == 422, "\(c)")
                #expect(reply.errorCode == c.code, "\(c): \(reply.body)")
            }
            #expect(try await BookingRepository(database: server.database).list(ownerID: owner.id).isEmpty)
        }
    }

    @Test("max bookings and daily cap → over_cap; buffers keep the next slot free", arguments: TestDatabases.kinds)
    func caps(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (_, api) = try await server.makeOwner("owner@example.com")
            let limited = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":0,"maxBookings":1}"#)
            #expect(try await server.book(limited.token, start: "2026-03-24T09:00:00Z").status == 201)
            let over = try await server.book(limited.token, start: "2026-03-25T09:00:00Z")
            #expect(over.status == 422)
            #expect(over.errorCode == "over_cap")
            let none = try await server.request(.GET, "/api/public/delegation/\(limited.token)/slots?from=2026-03-25&to=2026-03-26")
            #expect((none.json["slots"] as? [Any])?.count == 0)

            let capped = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":0,"dailyCap":2,"bufferAfterMinutes":30}"#)
            // Tuesday already has the 09:00Z booking from the first link: one more fits.
            // 08:30–09:00 plus 30 minutes after meets the 09:00 booking.
            let buffered = try await server.book(capped.token, start: "2026-03-24T08:30:00Z")
            #expect(buffered.status == 409)
            #expect(buffered.errorCode == "slot_taken")
            #expect(try await server.book(capped.token, start: "2026-03-24T12:00:00Z").status == 201)
            let third = try await server.book(capped.token, start: "2026-03-24T14:00:00Z")
            #expect(third.errorCode == "over_cap")
            #expect(try await server.book(capped.token, start: "2026-03-26T12:00:00Z").status == 201)

            let slots = try await server.request(.GET, "/api/public/delegation/\(capped.token)/slots?from=2026-03-26T00:00:00Z&to=2026-03-27T00:00:00Z&tz=UTC")
            let starts = (slots.json["slots"] as? [[String: Any]])?.compactMap { $0["start"] as? String } ?? []
            #expect(!starts.contains("2026-03-26T12:00:00Z"))
            #expect(!starts.contains("2026-03-26T11:30:00Z")) // its 30-minute buffer after would meet 12:00
            #expect(starts.contains("2026-03-26T11:00:00Z"))
            #expect(starts.contains("2026-03-26T12:30:00Z"))
        }
    }

    @Test("bad guest input → 400 and nothing stored", arguments: TestDatabases.kinds)
    func badGuestInput(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api)
            let path = "/api/public/delegation/\(link.token)/book"
            for body in [#"{"start":"2026-03-24T09:00:00Z","name":"G","email":"not-an-email","timezone":"Europe/Berlin"}"#,
                         #"{"start":"2026-03-24T09:00:00Z","name":"G","email":"g@example.com","timezone":"Mars/Olympus"}"#,
                         #"{"start":"2026-03-24T09:00:00Z","name":"  ","email":"g@example.com","timezone":"UTC"}"#,
                         #"{"start":"tomorrow","name":"G","email":"g@example.com","timezone":"UTC"}"#,
                         #"{"name":"G"}"#, "not json"] {
                let reply = try await server.request(.POST, path, json: body)
                #expect(reply.status == 400, "\(body): \(reply.body)")
            }
            #expect(try await BookingRepository(database: server.database).list(ownerID: owner.id).isEmpty)
            let badZone = try await server.request(.GET, "/api/public/delegation/\(link.token)/slots?tz=Nowhere/Else")
            #expect(badZone.status == 400)
        }
    }

    @Test("a retried request with the same Idempotency-Key returns the same booking", arguments: TestDatabases.kinds)
    func idempotency(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api)
            let first = try await server.book(link.token, start: "2026-03-24T09:00:00Z", key: "retry-1")
            let second = try await server.book(link.token, start: "2026-03-24T09:00:00Z", key: "retry-1")
            #expect(first.status == 201)
            #expect(second.status == 201)
            #expect(second.headers["idempotent-replayed"] == "true")
            let a = try #require(first.json["booking"] as? [String: Any]), b = try #require(second.json["booking"] as? [String: Any])
            #expect(a["reference"] as? String == b["reference"] as? String)
            #expect(a["uid"] as? String == b["uid"] as? String)
            // The replay hands out a fresh manage link; the booking is the same.
            let manage = try #require(second.json["manageUrl"] as? String)
            let path = String(manage.dropFirst("http://perin.test".count)).replacingOccurrences(of: "/talk-to-perin/manage/", with: "/api/public/bookings/")
            #expect((try await server.request(.GET, path).json["booking"] as? [String: Any])?["reference"] as? String == a["reference"] as? String)

            let reused = try await server.book(link.token, start: "2026-03-24T10:00:00Z", key: "retry-1")
            #expect(reused.status == 422)
            #expect(reused.errorCode == "idempotency_key_reused")
            #expect(try await BookingRepository(database: server.database).list(ownerID: owner.id).count == 1)
        }
    }
}
