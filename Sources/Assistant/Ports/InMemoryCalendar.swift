import Foundation
import Synchronization

/// A per-user calendar held in memory: the default when no calendar integration is wired,
/// and the tests' calendar. Idempotent by key, isolated by user.
public final class InMemoryCalendar: AssistantCalendar {
    private struct State {
        var events: [String: [CalendarItem]] = [:]
        var byKey: [String: CalendarItem] = [:]
        var creations = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func events(userID: String, from: Date, to: Date) async throws -> [CalendarItem] {
        state.withLock { state in
            (state.events[userID] ?? []).filter { $0.start < to && $0.end > from }.sorted { $0.start < $1.start }
        }
    }

    public func createEvent(userID: String, draft: CalendarDraft, idempotencyKey: String) async throws -> CalendarItem {
        state.withLock { state in
            let scoped = userID + "|" + idempotencyKey
            if let existing = state.byKey[scoped] { return existing }
            let item = CalendarItem(id: "evt_" + UUID().uuidString.prefix(8).lowercased(), title: draft.title,
                                    start: draft.start, end: draft.end, attendees: draft.attendees)
            state.events[userID, default: []].append(item)
            state.byKey[scoped] = item
            state.creations += 1
            return item
        }
    }

    /// Adds an event directly (fixtures).
    public func add(userID: String, _ item: CalendarItem) {
        state.withLock { $0.events[userID, default: []].append(item) }
    }

    /// How many events tools have created (repeated keys not counted).
    public var creations: Int { state.withLock { $0.creations } }
}
