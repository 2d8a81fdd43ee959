import Foundation
import Integrations
import PerinTesting
import Storage
import Testing

/// The delegation chat over real HTTP with the offline model: the visitor asks for free
/// times, then books one; the booking lands on the owner's calendar and the owner's event
/// titles never appear in the stream.
@Suite("Delegation chat with the agent")
struct DelegationChatTests {
    static let sentinel = "SENTINEL-CH4T"

    /// Token texts and tool results of an SSE chat stream.
    struct Stream {
        let raw: String
        var frames: [(event: String, data: [String: Any])] {
            raw.components(separatedBy: "\n\n").compactMap { block in
                let lines = block.split(separator: "\n")
                guard let event = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                      let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                      let json = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
                return (String(event), json)
            }
        }
        var reply: String { frames.filter { $0.event == "token" }.compactMap { $0.data["text"] as? String }.joined() }
        func toolResults(_ name: String) -> [[String: Any]] { frames.filter { $0.event == "tool_result" && $0.data["name"] as? String == name }.map(\.data) }
    }

    func chat(_ server: DelegationHarness, _ token: String, _ messages: [[String: String]]) async throws -> Stream {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["messages": messages, "timezone": "Europe/Berlin"]), as: UTF8.self)
        let reply = try await server.request(.POST, "/api/public/delegation/\(token)/chat", json: body, headers: ["Accept": "text/event-stream"])
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        return Stream(raw: reply.body)
    }

    @Test("ask for free times, book one by chat; the owner's calendar has it and nothing private leaks", arguments: TestDatabases.kinds)
    func askThenBook(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind, assistant: true) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let calendar = LocalCalendar(database: server.database)
            // Tomorrow (Tuesday) 14:00–15:00 Berlin is taken by a private event.
            let privateStart = ISO8601DateFormatter().date(from: "2026-03-24T13:00:00Z")!
            _ = try await calendar.createEvent(userID: owner.id, NewCalendarEvent(
                title: "\(Self.sentinel) board meeting", start: privateStart, end: privateStart.addingTimeInterval(3600), timeZone: "Europe/Berlin",
                location: "\(Self.sentinel) room", attendees: [CalendarAttendee(email: "sentinel-ch4t@secret.example", name: Self.sentinel)]),
                idempotencyKey: nil)
            let link = try await server.makeLink(api)

            let first = try await chat(server, link.token, [["role": "user", "content": "What times are free tomorrow?"]])
            let checked = first.toolResults("delegation_check_availability")
            #expect(checked.first?["ok"] as? Bool == true, "\(first.raw)")
            let slotText = checked.first?["content"] as? String ?? ""
            #expect(slotText.contains(#""start":"2026-03-24T10:00:00+01:00""#))
            #expect(!slotText.contains(#""start":"2026-03-24T14:00:00+01:00""#), "the private event's time is offered")
            #expect(!first.reply.isEmpty)

            let second = try await chat(server, link.token, [
                ["role": "user", "content": "What times are free tomorrow?"], ["role": "assistant", "content": first.reply],
                ["role": "user", "content": "Book 10:00 tomorrow, I'm Alex, alex@example.com"],
            ])
            let booked = second.toolResults("delegation_schedule_meeting")
            #expect(booked.first?["ok"] as? Bool == true, "\(second.raw)")

            let tenBerlin = ISO8601DateFormatter().date(from: "2026-03-24T09:00:00Z")!
            let bookings = try await BookingRepository(database: server.database).live(
                ownerID: owner.id, from: tenBerlin.addingTimeInterval(-86_400), to: tenBerlin.addingTimeInterval(86_400))
            #expect(bookings.count == 1)
            #expect(bookings.first?.guestEmail == "alex@example.com")
            #expect(bookings.first?.guestName == "Alex")
            #expect(bookings.first?.startAt == tenBerlin)
            let events = try await calendar.events(userID: owner.id, from: tenBerlin.addingTimeInterval(-3600), to: tenBerlin.addingTimeInterval(3600))
            #expect(events.contains { $0.start == tenBerlin && $0.attendees.contains { $0.email == "alex@example.com" } }, "\(events)")
            let event = events.first { $0.start == tenBerlin }
            #expect(event != nil && bookings.first?.calendarEventId == event?.id, "the booking row names its local event from its first write")

            for stream in [first, second] {
                #expect(!stream.raw.uppercased().contains(Self.sentinel), "the chat leaked the owner's event title")
                #expect(!stream.raw.contains("sentinel-ch4t@secret.example"), "the chat leaked the owner's attendee")
            }
            // The owner's own conversations stay the owner's: the visitor's chat is not stored there.
            #expect(try await ConversationRepository(database: server.database).list(userID: owner.id, limit: 10, offset: 0).isEmpty)
        }
    }

    @Test("a revoked link's chat answers 410", arguments: [DatabaseKind.sqlite])
    func revoked(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind, assistant: true) { server in
            let (_, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api)
            let revoked = try await server.request(.POST, "/api/delegation/\(link.id)/revoke", token: api)
            #expect(revoked.status == 200)
            let reply = try await server.request(.POST, "/api/public/delegation/\(link.token)/chat",
                                                 json: #"{"messages":[{"role":"user","content":"Any time tomorrow?"}]}"#)
            #expect(reply.status == 410)
        }
    }
}
