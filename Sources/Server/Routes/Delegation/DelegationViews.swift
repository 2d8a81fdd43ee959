import Foundation
import ICalendar
import Scheduling
import Storage

/// JSON shapes of the delegation API. Public ones carry only what the guest may see.
enum DelegationViews {
    struct Link: Encodable {
        let id: String
        let url: String?
        let state: String
        let uses: Int
        let bookings: Int
        let createdAt: Date
        let expiresAt: Date
        let revokedAt: Date?
        let constraints: DelegationConstraints
    }

    static func link(_ usage: DelegationLinkUsage, now: Date, url: String? = nil) -> Link {
        let record = usage.link
        let state = record.revokedAt != nil ? "revoked" : (record.expiresAt <= now ? "expired" : "active")
        let constraints = (try? DelegationLinks.decodeConstraints(record.constraintsJson)) ?? DelegationConstraints()
        return Link(id: record.id, url: url, state: state, uses: record.uses, bookings: usage.bookings, createdAt: record.createdAt,
                    expiresAt: record.expiresAt, revokedAt: record.revokedAt, constraints: constraints)
    }

    struct Booking: Encodable {
        let reference: String
        let status: String
        let start: Date
        let end: Date
        let durationMins: Int
        /// Start on the guest's wall clock.
        let localStart: String
        let timezone: String
        let title: String
        let location: String?
        let guestName: String
        let guestEmail: String
        let organizerName: String
        let uid: String
        let sequence: Int
    }

    static func booking(_ record: BookingRecord, owner: UserRecord) -> Booking {
        let zone = TimeZone(identifier: record.guestTimezone) ?? .gmt
        return Booking(reference: record.reference, status: record.status, start: record.startAt, end: record.endAt,
                       durationMins: Int(record.endAt.timeIntervalSince(record.startAt) / 60), localStart: localISO(record.startAt, zone),
                       timezone: zone.identifier, title: record.title, location: record.location, guestName: record.guestName,
                       guestEmail: record.guestEmail, organizerName: owner.name, uid: record.uid, sequence: record.sequence)
    }

    struct BookingResponse: Encodable {
        let booking: Booking
        let manageUrl: String?
        let ics: String
        let replayed: Bool
    }

    /// ISO 8601 wall time with the zone's offset at that instant.
    static func localISO(_ date: Date, _ zone: TimeZone) -> String {
        ISOTimeWriter.local(date, zone: zone)
    }
}
