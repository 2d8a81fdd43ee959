import Assistant
import Foundation
import LLM
import PerinTesting
import Storage
import Testing

@Suite("Tools")
struct ToolRegistryTests {
    static let profile = AgentProfile(userID: "u1", ownerName: "Alex", perinName: "Perin", tone: "friendly", timeZone: "Europe/Berlin")

    /// The calendar and delegation tools (no database needed).
    static func withRegistry(_ calendar: InMemoryCalendar, _ body: @escaping @Sendable (ToolRegistry) async throws -> Void) async throws {
        try await body(ToolRegistry(OwnerTools.calendar(calendar) + OwnerTools.delegation(DelegationUnavailable())))
    }

    @Test("a delegation run sees and may call only the two delegation tools")
    func delegationToolSet() async throws {
        let calendar = InMemoryCalendar()
        try await Self.withRegistry(calendar) { registry in
        #expect(registry.specs(for: .delegation).map(\.name) == ["delegation_check_availability", "delegation_schedule_meeting"])
        #expect(registry.specs(for: .owner).map(\.name).contains("calendar_create_solo_event"))
        let turn = TurnInput(profile: Self.profile, mode: .delegation, userText: "book")
        let call = ToolCall(id: "c1", name: "calendar_create_solo_event", arguments: #"{"title":"x","start":"2030-01-01T10:00:00+01:00"}"#)
        let outcome = await registry.execute(call, turn: turn, runID: "r1")
        #expect(outcome.status == .notAllowed)
        #expect(calendar.creations == 0)
        }
    }

    @Test("schema validation turns bad arguments into an error result")
    func validation() async throws {
        try await Self.withRegistry(InMemoryCalendar()) { registry in
        let turn = TurnInput(profile: Self.profile, userText: "x")
        let cases: [(String, String)] = [
            (#"{"start":"2030-01-01T10:00:00+01:00"}"#, "title: required"),
            (#"{"title":"x","start":"next week"}"#, "start: not an ISO 8601 date-time"),
            (#"{"title":"x","start":"2030-01-01T10:00:00+01:00","durationMins":1}"#, "durationMins: must be at least 5"),
            (#"{"title":"x","start":"2030-01-01T10:00:00+01:00","attendees":"dana"}"#, "attendees: expected array"),
            (#"[1,2]"#, "arguments: expected object"),
            (#"{"title":"#, "not valid JSON"),
        ]
        for (arguments, expected) in cases {
            let outcome = await registry.execute(ToolCall(id: "c", name: "calendar_create_solo_event", arguments: arguments), turn: turn, runID: "r")
            #expect(outcome.status == .invalidArguments, "\(arguments)")
            #expect(outcome.content.contains(expected), "\(arguments) → \(outcome.content)")
        }
        let unknown = await registry.execute(ToolCall(id: "c", name: "rm_rf", arguments: "{}"), turn: turn, runID: "r")
        #expect(unknown.status == .notAllowed)
        }
    }

    @Test("a replayed call (same run and call id) does not create a second event")
    func idempotency() async throws {
        let calendar = InMemoryCalendar()
        try await Self.withRegistry(calendar) { registry in
        let turn = TurnInput(profile: Self.profile, userText: "x")
        let call = ToolCall(id: "c1", name: "calendar_create_solo_event", arguments: #"{"title":"Dentist","start":"2030-01-01T10:00:00+01:00","durationMins":45}"#)
        let first = await registry.execute(call, turn: turn, runID: "run-1")
        let again = await registry.execute(call, turn: turn, runID: "run-1")
        #expect(first.ok && again.ok)
        #expect(first.content == again.content)
        #expect(first.content.contains(#""end":"2030-01-01T10:45:00+01:00""#))
        #expect(calendar.creations == 1)
        _ = await registry.execute(call, turn: turn, runID: "run-2")
        #expect(calendar.creations == 2)
        }
    }
}
