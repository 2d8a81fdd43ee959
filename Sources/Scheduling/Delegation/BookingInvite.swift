import Foundation
public import ICalendar
public import Storage

/// The iTIP invite for a booking: ORGANIZER the owner, ATTENDEE the guest, UID stable for the
/// booking's life, SEQUENCE from the booking (raised on every reschedule and on cancel).
public enum BookingInvite {
    public static func event(for booking: BookingRecord, owner: UserRecord, manageURL: String?) -> Event {
        var event = Event(
            uid: booking.uid,
            start: .utc(ZoneClock(.gmt).wall(booking.startAt)),
            end: .utc(ZoneClock(.gmt).wall(booking.endAt)),
            summary: booking.title
        )
        event.sequence = booking.sequence
        event.stamp = ZoneClock(.gmt).wall(booking.updatedAt)
        event.location = booking.location
        event.status = booking.status == BookingRecord.cancelled ? .cancelled : .confirmed
        var details = "Reference: \(booking.reference)"
        if let manageURL { details += "\nCancel or reschedule: \(manageURL)" }
        event.details = details
        event.organizer = Participant(address: "mailto:" + owner.email, name: owner.name)
        event.attendees = [Participant(address: "mailto:" + booking.guestEmail, name: booking.guestName, role: "REQ-PARTICIPANT",
                                       status: .needsAction, rsvp: true)]
        return event
    }

    /// METHOD:REQUEST for a new or moved booking.
    public static func request(_ booking: BookingRecord, owner: UserRecord, manageURL: String?) throws -> String {
        try VCalendar.request(event(for: booking, owner: owner, manageURL: manageURL)).serialized()
    }

    /// METHOD:CANCEL. `booking` is the cancelled record, whose SEQUENCE was already raised,
    /// so the sequence is not raised a second time here.
    public static func cancel(_ booking: BookingRecord, owner: UserRecord) throws -> String {
        var event = event(for: booking, owner: owner, manageURL: nil)
        event.sequence = booking.sequence
        event.status = .cancelled
        return try VCalendar(method: .cancel, events: [event]).serialized()
    }
}
