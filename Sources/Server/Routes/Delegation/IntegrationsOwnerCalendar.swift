import Foundation
import Integrations
import Scheduling

/// Scheduling's view of the Integrations calendar service: Google when the owner connected it,
/// else the local calendar, plus subscribed feeds as busy time.
struct IntegrationsOwnerCalendar: OwnerCalendar {
    let service: CalendarService

    func busy(ownerID: String, from: Date, to: Date) async throws -> OwnerBusy {
        let (busy, holder) = try await service.busyReading(userID: ownerID, from: from, to: to)
        return OwnerBusy(intervals: busy.map { CalendarBusy(start: $0.start, end: $0.end) }, writeTarget: holder.rawValue)
    }

    func insert(ownerID: String, _ event: CalendarEventDraft, target: String?) async throws -> String? {
        let new = NewCalendarEvent(title: event.title, start: event.start, end: event.end, timeZone: event.timeZone ?? "UTC", location: event.location,
                                   description: event.details, attendees: event.attendees.map { CalendarAttendee(email: $0, status: "NEEDS-ACTION") },
                                   sendUpdates: false, uid: event.uid)
        let key = Self.idempotencyKey(event)
        if let target, let holder = CalendarSource(rawValue: target) {
            return try await service.createEvent(userID: ownerID, new, idempotencyKey: key, in: holder).id
        }
        return try await service.createEvent(userID: ownerID, new, idempotencyKey: key).id
    }

    func plannedEventID(ownerID: String, for event: CalendarEventDraft) -> String? {
        CalendarService.eventID(userID: ownerID, idempotencyKey: Self.idempotencyKey(event))
    }

    /// The event's UID doubles as the idempotency key, so a retried write makes one event.
    static func idempotencyKey(_ event: CalendarEventDraft) -> String { "booking:" + event.uid }

    func update(ownerID: String, eventID: String, _ event: CalendarEventDraft) async throws {
        _ = try await service.updateEvent(userID: ownerID, eventID: eventID, CalendarEventPatch(
            title: event.title, start: event.start, end: event.end, location: event.location, description: event.details, sendUpdates: false))
    }

    func delete(ownerID: String, eventID: String) async throws {
        try await service.deleteEvent(userID: ownerID, eventID: eventID)
    }
}
