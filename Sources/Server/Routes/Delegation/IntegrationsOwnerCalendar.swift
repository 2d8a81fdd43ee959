import Foundation
import Integrations
import Scheduling

/// Scheduling's view of the Integrations calendar service: Google when the owner connected it,
/// else the local calendar, plus subscribed feeds as busy time.
struct IntegrationsOwnerCalendar: OwnerCalendar {
    let service: any CalendarProvider

    func busy(ownerID: String, from: Date, to: Date) async throws -> [CalendarBusy] {
        try await service.busyIntervals(userID: ownerID, from: from, to: to).map { CalendarBusy(start: $0.start, end: $0.end) }
    }

    func insert(ownerID: String, _ event: CalendarEventDraft) async throws -> String? {
        let new = NewCalendarEvent(title: event.title, start: event.start, end: event.end, timeZone: event.timeZone ?? "UTC", location: event.location,
                                   description: event.details, attendees: event.attendees.map { CalendarAttendee(email: $0, status: "NEEDS-ACTION") },
                                   sendUpdates: false, uid: event.uid)
        // The booking's UID doubles as the idempotency key, so a retried write makes one event.
        return try await service.createEvent(userID: ownerID, new, idempotencyKey: "booking:" + event.uid).id
    }

    func update(ownerID: String, eventID: String, _ event: CalendarEventDraft) async throws {
        _ = try await service.updateEvent(userID: ownerID, eventID: eventID, CalendarEventPatch(
            title: event.title, start: event.start, end: event.end, location: event.location, description: event.details, sendUpdates: false))
    }

    func delete(ownerID: String, eventID: String) async throws {
        try await service.deleteEvent(userID: ownerID, eventID: eventID)
    }
}
