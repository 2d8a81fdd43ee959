import Foundation
import LLM

/// Calendar context: the owner's events for the next two weeks, one line each with ISO
/// times in the owner's zone (the form the offline model and LLMs both read well).
public struct CalendarContextSource: ContextSource {
    public let type: String
    public let calendar: any AssistantCalendar
    public var days: Int

    public init(type: String = "local-calendar", calendar: any AssistantCalendar, days: Int = 14) {
        self.type = type
        self.calendar = calendar
        self.days = days
    }

    public var displayName: String { "your calendar" }
    public var keywords: [String] {
        ["calendar", "schedule", "meeting", "event", "free", "busy", "agenda", "today", "tomorrow", "week", "book",
         "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "appointment", "call"]
    }
    public var alwaysRelevant: Bool { false }

    public static let heading = "Calendar events"

    public func loadContext(for turn: TurnInput) async throws -> ContextSection {
        let clock = turn.clock
        let start = clock.calendar.startOfDay(for: turn.now)
        let end = clock.calendar.date(byAdding: .day, value: days, to: start) ?? start
        let items = try await calendar.events(userID: turn.profile.userID, from: start, to: end)
        let lines = items.prefix(60).map { item in
            "\(clock.iso(item.start)) – \(clock.iso(item.end)) \(turn.mode == .delegation ? "Busy" : item.title)"
        }
        return ContextSection(type: type, heading: Self.heading, lines: lines.isEmpty ? ["(no events)"] : Array(lines))
    }
}
