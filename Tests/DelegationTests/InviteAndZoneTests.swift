import Foundation
import ICalendar
import PerinTesting
import Storage
import Testing

@Suite("Invites, manage link and time zones")
struct InviteAndZoneTests {
    static func managePath(_ reply: DelegationHarness.Reply) throws -> String {
        let url = try #require(reply.json["manageUrl"] as? String)
        return String(url.dropFirst("http://perin.test".count)).replacingOccurrences(of: "/talk-to-perin/manage/", with: "/api/public/bookings/")
    }

    @Test("the .ics re-parses: REQUEST with ORGANIZER/ATTENDEE/UID; reschedule and cancel raise SEQUENCE", arguments: TestDatabases.kinds)
    func invites(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":0,"title":"Intro call","location":"https://meet.example/abc"}"#)
            let booked = try await server.book(link.token, start: "2026-03-24T09:00:00Z")
            #expect(booked.status == 201)
            let booking = try #require(booked.json["booking"] as? [String: Any])
            let reference = try #require(booking["reference"] as? String)
            #expect(reference.range(of: #"^[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}$"#, options: .regularExpression) != nil)

            let request = try VCalendar(parsing: try #require(booked.json["ics"] as? String))
            #expect(request.method == .request)
            let event = try #require(request.events.first)
            let uid = event.uid
            #expect(uid == booking["uid"] as? String)
            #expect(event.sequence == 0)
            #expect(event.summary == "Intro call")
            #expect(event.location == "https://meet.example/abc")
            #expect(event.organizer?.email == "owner@example.com")
            #expect(event.attendees.map(\.email) == ["guest@example.com"])
            #expect(event.start == .utc(LocalDateTime(year: 2026, month: 3, day: 24, hour: 9)))

            let manage = try Self.managePath(booked)
            let moved = try await server.request(.POST, manage + "/reschedule", json: #"{"start":"2026-03-24T11:00:00Z"}"#)
            #expect(moved.status == 200, "\(moved.body)")
            let movedICS = try #require(moved.json["ics"] as? String)
            let movedEvent = try #require(try VCalendar(parsing: movedICS).events.first)
            #expect(movedEvent.uid == uid)
            #expect(movedEvent.sequence == 1)
            #expect(movedEvent.start == .utc(LocalDateTime(year: 2026, month: 3, day: 24, hour: 11)))

            let cancelled = try await server.request(.POST, manage + "/cancel")
            #expect(cancelled.status == 200)
            let cancel = try VCalendar(parsing: try #require(cancelled.json["ics"] as? String))
            #expect(cancel.method == .cancel)
            #expect(cancel.events.first?.uid == uid)
            #expect(cancel.events.first?.sequence == 2)
            #expect(cancel.events.first?.status == .cancelled)
            #expect((cancelled.json["booking"] as? [String: Any])?["status"] as? String == "cancelled")
            // The time is free again.
            #expect(try await server.book(link.token, start: "2026-03-24T11:00:00Z", email: "other@example.com").status == 201)
            let actions = try await AuditLogRepository(database: server.database).list(userID: owner.id).map(\.action)
            #expect(actions.contains("booking.create") && actions.contains("booking.reschedule") && actions.contains("booking.cancel"))
            #expect(try await server.request(.GET, "/api/public/bookings/bm_" + String(repeating: "x", count: 43)).status == 404)
        }
    }

    @Test("a guest in Berlin books a New York owner on the US DST day: right instant, right local times", arguments: TestDatabases.kinds)
    func usDSTDay(kind: DatabaseKind) async throws {
        let clock = TestClock(ISO8601DateFormatter().date(from: "2026-03-02T12:00:00Z")!)
        try await DelegationHarness.withServer(kind, clock: clock) { server in
            let (_, api) = try await server.makeOwner("ny@example.com", timezone: "America/New_York")
            let link = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":0,"durations":[60],"defaultDuration":60,"workingHours":{"7":["09:00-12:00"]}}"#)
            let slots = try await server.request(.GET, "/api/public/delegation/\(link.token)/slots?from=2026-03-08T00:00:00Z&to=2026-03-09T00:00:00Z&tz=Europe/Berlin")
            let list = try #require(slots.json["slots"] as? [[String: Any]])
            // 09:00, 09:30 … 11:00 EDT (UTC−4, the first day of DST) = 13:00Z …; Berlin is still on CET (UTC+1).
            #expect(list.compactMap { $0["start"] as? String } == ["2026-03-08T13:00:00Z", "2026-03-08T13:30:00Z", "2026-03-08T14:00:00Z", "2026-03-08T14:30:00Z", "2026-03-08T15:00:00Z"])
            #expect(list.first?["localStart"] as? String == "2026-03-08T14:00:00+01:00")
            let booked = try await server.book(link.token, start: "2026-03-08T15:00:00+01:00", duration: 60, timezone: "Europe/Berlin")
            #expect(booked.status == 201, "\(booked.body)")
            let booking = try #require(booked.json["booking"] as? [String: Any])
            #expect(booking["start"] as? String == "2026-03-08T14:00:00Z")
            #expect(booking["end"] as? String == "2026-03-08T15:00:00Z")
            #expect(booking["localStart"] as? String == "2026-03-08T15:00:00+01:00")
        }
    }

    @Test("a guest in New York books a Berlin owner on the EU DST day", arguments: TestDatabases.kinds)
    func euDSTDay(kind: DatabaseKind) async throws {
        let clock = TestClock(ISO8601DateFormatter().date(from: "2026-03-25T12:00:00Z")!)
        try await DelegationHarness.withServer(kind, clock: clock) { server in
            let (_, api) = try await server.makeOwner("berlin@example.com", timezone: "Europe/Berlin")
            let link = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":0,"workingHours":{"7":["09:00-10:00"]}}"#)
            let slots = try await server.request(.GET, "/api/public/delegation/\(link.token)/slots?from=2026-03-29&to=2026-03-30&tz=America/New_York")
            let list = try #require(slots.json["slots"] as? [[String: Any]])
            // 09:00 CEST (UTC+2 from 02:00 that night) = 07:00Z = 03:00 EDT.
            #expect(list.compactMap { $0["start"] as? String } == ["2026-03-29T07:00:00Z", "2026-03-29T07:30:00Z"])
            #expect(list.compactMap { $0["localStart"] as? String } == ["2026-03-29T03:00:00-04:00", "2026-03-29T03:30:00-04:00"])
            let booked = try await server.book(link.token, start: "2026-03-29T03:30:00-04:00", timezone: "America/New_York")
            #expect(booked.status == 201)
            #expect((booked.json["booking"] as? [String: Any])?["start"] as? String == "2026-03-29T07:30:00Z")
        }
    }
}
