import Foundation
import Integrations
import PerinTesting
import Storage
import Testing

/// Nothing public carries an owner's event title or attendee.
@Suite("Privacy of the owner's calendar")
struct PrivacyTests {
    static let sentinel = "SENTINEL-9Q7"

    @Test("no public response contains the title or attendee of the owner's event", arguments: TestDatabases.kinds)
    func sentinel(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let calendar = LocalCalendar(database: server.database)
            let start = ISO8601DateFormatter().date(from: "2026-03-24T09:00:00Z")!
            _ = try await calendar.createEvent(userID: owner.id, NewCalendarEvent(
                title: "\(Self.sentinel) board meeting", start: start, end: start.addingTimeInterval(3600), timeZone: "Europe/Berlin",
                location: "\(Self.sentinel) room", description: "\(Self.sentinel) notes",
                attendees: [CalendarAttendee(email: "sentinel-9q7@secret.example", name: Self.sentinel)]), idempotencyKey: nil)
            let link = try await server.makeLink(api)

            var bodies: [(String, DelegationHarness.Reply)] = []
            func record(_ name: String, _ reply: DelegationHarness.Reply) { bodies.append((name, reply)) }
            record("page", try await server.request(.GET, "/talk-to-perin/\(link.token)?tz=UTC"))
            let slots = try await server.request(.GET, "/api/public/delegation/\(link.token)/slots?from=2026-03-24&to=2026-03-25&tz=UTC")
            record("slots", slots)
            let starts = (slots.json["slots"] as? [[String: Any]])?.compactMap { $0["start"] as? String } ?? []
            #expect(!starts.contains("2026-03-24T09:00:00Z") && !starts.contains("2026-03-24T09:30:00Z"))
            #expect(starts.contains("2026-03-24T08:30:00Z") && starts.contains("2026-03-24T10:00:00Z"))

            let taken = try await server.book(link.token, start: "2026-03-24T09:30:00Z")
            #expect(taken.status == 409)
            record("taken", taken)
            let booked = try await server.book(link.token, start: "2026-03-24T11:00:00Z")
            #expect(booked.status == 201)
            record("booked", booked)
            record("form-taken", try await server.request(.POST, "/talk-to-perin/\(link.token)/book",
                                                          form: "start=2026-03-24T09%3A00%3A00Z&durationMins=30&name=A&email=a%40example.com&timezone=UTC"))
            record("chat", try await server.request(.POST, "/api/public/delegation/\(link.token)/chat", json: #"{"messages":[{"role":"user","content":"What is on Tuesday at 10?"}]}"#))
            let manage = try InviteAndZoneTests.managePath(booked)
            record("manage-api", try await server.request(.GET, manage))
            record("manage-page", try await server.request(.GET, manage.replacingOccurrences(of: "/api/public/bookings/", with: "/talk-to-perin/manage/")))
            record("ics", try await server.request(.GET, manage.replacingOccurrences(of: "/api/public/bookings/", with: "/talk-to-perin/manage/") + "/invite.ics"))
            record("unknown", try await server.request(.GET, "/api/public/delegation/dl_\(String(repeating: "Z", count: 43))/slots"))
            record("bad", try await server.request(.POST, "/api/public/delegation/\(link.token)/book", json: #"{"start":"x"}"#))

            for (name, reply) in bodies {
                #expect(!reply.body.uppercased().contains(Self.sentinel), "\(name) leaked the sentinel")
                #expect(!reply.body.contains("sentinel-9q7@secret.example"), "\(name) leaked the attendee")
                #expect(!reply.headers.values.joined().uppercased().contains(Self.sentinel), "\(name) leaked in a header")
            }

            // The booking is on the owner's calendar, and the owner was told.
            let events = try await calendar.events(userID: owner.id, from: start, to: start.addingTimeInterval(86_400))
            #expect(events.map(\.title).sorted() == ["Meeting with Gita Guest", "\(Self.sentinel) board meeting"])
            let notes = try await NotificationRepository(database: server.database).list(userID: owner.id)
            #expect(notes.first?.kind == "booking.created")
            #expect(notes.first?.title == "New booking: Gita Guest")
        }
    }
}
