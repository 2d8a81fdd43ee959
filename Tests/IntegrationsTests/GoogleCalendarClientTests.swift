import Foundation
import Integrations
import LLM
import PerinTesting
import Storage
import Testing

@Suite("Google Calendar client against the fake")
struct GoogleCalendarClientTests {
    /// A connected owner (over the real callback) and the hub.
    static func connected(_ server: IntegrationsHarness) async throws -> String {
        let (owner, token) = try await server.makeUser("owner@example.com")
        let done = try await server.connect("google-calendar", token: token)
        guard done.status == .found else { throw HarnessError("connect failed: \(done.text)") }
        return owner.id
    }

    @Test("events.list follows every page, single events ordered by start")
    func pagination() async throws {
        try await IntegrationsHarness.withServer(.sqlite) { server in
            let owner = try await Self.connected(server)
            let base = Date(timeIntervalSince1970: 1_900_000_000)
            server.google.addEvents((0..<23).reversed().map { index in
                FakeCalendarEvent(summary: "E\(index)", start: base.addingTimeInterval(Double(index) * 3600), end: base.addingTimeInterval(Double(index) * 3600 + 1800))
            })
            var client = server.hub.googleCalendar
            client.pageSize = 5
            let (events, _) = try await client.events(userID: owner, from: base.addingTimeInterval(-1), to: base.addingTimeInterval(86_400 * 2))
            #expect(events.map(\.summary) == (0..<23).map { "E\($0)" })
            #expect(server.google.count("calendar.list") == 5)
            let query = server.google.lastQuery("calendar.list")
            #expect(query["singleEvents"] == "true")
            #expect(query["orderBy"] == "startTime")
            #expect(query["timeMin"] != nil && query["timeMax"] != nil)
        }
    }

    @Test("429, 403 rateLimitExceeded and 500 are retried; then it succeeds")
    func retries() async throws {
        try await IntegrationsHarness.withServer(.sqlite) { server in
            let owner = try await Self.connected(server)
            server.google.enqueueFault(.rateLimited(retryAfter: 0), scope: .calendar)
            server.google.enqueueFault(.rateLimitExceeded403, scope: .calendar)
            let busy = try await server.hub.googleCalendar.freeBusy(userID: owner, from: Date(), to: Date().addingTimeInterval(3600))
            #expect(busy.isEmpty)
            #expect(server.google.count("calendar.freeBusy") == 3)

            server.google.enqueueFault(.serverError, scope: .calendar)
            _ = try await server.hub.googleCalendar.events(userID: owner, from: Date(), to: Date().addingTimeInterval(3600))
            #expect(server.google.count("calendar.list") == 2)
        }
    }

    @Test("faults that outlast the retries surface as errors, and the breaker opens")
    func faultPaths() async throws {
        // Three failed tries in a row open it: every try counts, and a breaker that opens mid-retry
        // refuses the remaining tries (a threshold below the retry count would cut them short).
        let breakers = CircuitBreakerRegistry(failureThreshold: 3, coolDown: .seconds(600))
        try await IntegrationsHarness.withServer(.sqlite, breakers: breakers) { server in
            let owner = try await Self.connected(server)
            server.google.enqueueFault(.serverError, scope: .calendar, times: 3)
            await #expect(throws: ServiceError.self) {
                _ = try await server.hub.googleCalendar.freeBusy(userID: owner, from: Date(), to: Date().addingTimeInterval(3600))
            }
            #expect(server.google.count("calendar.freeBusy") == 3)
            #expect(breakers.breaker(named: "google-calendar").state == .open)
            let before = server.google.count("calendar.freeBusy")
            do {
                _ = try await server.hub.googleCalendar.freeBusy(userID: owner, from: Date(), to: Date().addingTimeInterval(3600))
                Issue.record("expected the open breaker to refuse")
            } catch let error as ServiceError {
                #expect(error.category == .circuitOpen)
            }
            #expect(server.google.count("calendar.freeBusy") == before)
            // Through the provider, the same failure is a calendar error the API can map.
            await #expect(throws: CalendarError.self) {
                _ = try await server.hub.calendar.busyIntervals(userID: owner, from: Date(), to: Date().addingTimeInterval(3600))
            }
        }
    }

    @Test("a 401 refreshes the token once and retries; a second 401 is not looped")
    func unauthorizedRefresh() async throws {
        try await IntegrationsHarness.withServer(.sqlite) { server in
            let owner = try await Self.connected(server)
            server.google.expireAccessTokens()
            let events = try await server.hub.googleCalendar.events(userID: owner, from: Date(), to: Date().addingTimeInterval(3600))
            #expect(events.events.isEmpty)
            #expect(server.google.count("token.refresh") == 1)
            #expect(server.google.count("calendar.list") == 2)

            server.google.enqueueFault(.unauthorized, scope: .calendar, times: 2)
            await #expect(throws: ServiceError.self) {
                _ = try await server.hub.googleCalendar.events(userID: owner, from: Date(), to: Date().addingTimeInterval(3600))
            }
            #expect(server.google.count("token.refresh") == 2)
            #expect(server.google.count("calendar.list") == 4)
        }
    }

    @Test("insert with attendees and sendUpdates, idempotent by key; patch; delete", arguments: TestDatabases.kinds)
    func writes(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let owner = try await Self.connected(server)
            let start = Date(timeIntervalSince1970: 1_900_000_000)
            let new = NewCalendarEvent(title: "Planning", start: start, end: start.addingTimeInterval(1800), timeZone: "Europe/Berlin",
                                       attendees: [CalendarAttendee(email: "dana@example.com", name: "Dana")])
            #expect(try await server.hub.calendar.source(userID: owner) == .google)
            let created = try await server.hub.calendar.createEvent(userID: owner, new, idempotencyKey: "run-1:call-1")
            let again = try await server.hub.calendar.createEvent(userID: owner, new, idempotencyKey: "run-1:call-1")
            #expect(created.id == again.id)
            #expect(server.google.events().count == 1)
            #expect(server.google.lastQuery("calendar.insert")["sendUpdates"] == "all")
            #expect(created.source == .google)
            #expect(created.attendees.first?.email == "dana@example.com")
            #expect(created.attendees.first?.status == "NEEDS-ACTION")
            #expect(created.start == start)

            let moved = try await server.hub.calendar.updateEvent(userID: owner, eventID: created.id,
                                                                   CalendarEventPatch(title: "Planning (moved)", start: start.addingTimeInterval(3600), end: start.addingTimeInterval(5400)))
            #expect(moved.title == "Planning (moved)")
            #expect(moved.sequence == 1)
            let busy = try await server.hub.calendar.busyIntervals(userID: owner, from: start, to: start.addingTimeInterval(86_400))
            #expect(busy.map(\.start) == [start.addingTimeInterval(3600)])

            try await server.hub.calendar.deleteEvent(userID: owner, eventID: created.id)
            await #expect(throws: CalendarError.self) { try await server.hub.calendar.deleteEvent(userID: owner, eventID: created.id) }
            #expect(try await server.hub.calendar.events(userID: owner, from: start, to: start.addingTimeInterval(86_400)).isEmpty)
        }
    }
}
