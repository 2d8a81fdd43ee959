import Foundation
import PerinTesting
import Storage
import Testing

/// An owner with Google Calendar connected (the fake, over real HTTP): slots come from Google
/// free/busy, the booking re-reads it just before writing, and the event lands in Google.
@Suite("Bookings against Google Calendar")
struct GoogleBookingTests {
    @Test("an event added in Google after the guest saw the slots is respected; a free slot lands in Google with the guest invited",
          arguments: TestDatabases.kinds)
    func freeBusyRecheck(kind: DatabaseKind) async throws {
        let google = try await FakeGoogleServer.start()
        defer { Task { await google.stop() } }
        try await DelegationHarness.withServer(kind, google: google) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            google.setAccount("owner@example.com")
            #expect(try await server.connectGoogle("google-calendar", apiToken: api, google: google) == 302)
            let link = try await server.makeLink(api)

            // Tuesday 10:00 and 10:30 Berlin are free when the guest looks.
            let seen = try await server.request(.GET, "/api/public/delegation/\(link.token)/slots?from=2026-03-24T09:00:00Z&to=2026-03-24T10:00:00Z&tz=UTC")
            let starts = (seen.json["slots"] as? [[String: Any]])?.compactMap { $0["start"] as? String }
            #expect(starts == ["2026-03-24T09:00:00Z", "2026-03-24T09:30:00Z"])
            let freeBusyCalls = google.count("calendar.freeBusy")
            #expect(freeBusyCalls >= 1)

            // Then the owner accepts something at 10:00 in Google itself.
            let iso = ISO8601DateFormatter()
            google.addEvents([FakeCalendarEvent(summary: "SENTINEL-private", start: iso.date(from: "2026-03-24T09:00:00Z")!,
                                                end: iso.date(from: "2026-03-24T09:30:00Z")!)], account: "owner@example.com")
            let taken = try await server.book(link.token, start: "2026-03-24T09:00:00Z")
            #expect(taken.status == 409)
            #expect(taken.errorCode == "slot_taken")
            #expect(!taken.body.contains("SENTINEL"))
            #expect(google.count("calendar.freeBusy") > freeBusyCalls, "the booking re-read Google free/busy")
            #expect(google.count("calendar.insert") == 0)

            let booked = try await server.book(link.token, start: "2026-03-24T09:30:00Z", email: "gita@example.com")
            #expect(booked.status == 201, "\(booked.body)")
            let written = google.events(account: "owner@example.com").filter { $0.summary != "SENTINEL-private" }
            #expect(written.count == 1)
            #expect(written.first?.start == iso.date(from: "2026-03-24T09:30:00Z"))
            #expect(written.first?.attendees.map(\.email) == ["gita@example.com"])
            let stored = try await BookingRepository(database: server.database).list(ownerID: owner.id)
            #expect(stored.count == 1)
            #expect(stored.first?.calendarEventId == written.first?.id, "the booking remembers its Google event")
        }
    }
}
