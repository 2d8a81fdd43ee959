import Foundation
import Integrations
import Scheduling
@testable import Server
import Synchronization

/// Lets a test pick the calendar and the failing owner after the server started.
final class FailingOwnerBox: Sendable {
    private let state = Mutex<(calendar: LocalCalendar?, failing: String?)>((nil, nil))
    func set(_ calendar: LocalCalendar) { state.withLock { $0.calendar = calendar } }
    func failFor(_ owner: String?) { state.withLock { $0.failing = owner } }
    var current: (any OwnerCalendar, String) {
        state.withLock { (IntegrationsOwnerCalendar(service: $0.calendar!), $0.failing ?? "") }
    }
}

struct FailingCalendarProxy: OwnerCalendar {
    let box: FailingOwnerBox
    var inner: FailingCalendar { let (base, owner) = box.current; return FailingCalendar(base: base, failingOwner: owner) }
    func busy(ownerID: String, from: Date, to: Date) async throws -> [CalendarBusy] { try await inner.busy(ownerID: ownerID, from: from, to: to) }
    func insert(ownerID: String, _ event: CalendarEventDraft) async throws -> String? { try await inner.insert(ownerID: ownerID, event) }
    func update(ownerID: String, eventID: String, _ event: CalendarEventDraft) async throws { try await inner.update(ownerID: ownerID, eventID: eventID, event) }
    func delete(ownerID: String, eventID: String) async throws { try await inner.delete(ownerID: ownerID, eventID: eventID) }
}
