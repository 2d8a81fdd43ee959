import Foundation

/// A meeting booked with an owner (through a delegation link, or agent to agent when
/// `linkId` is nil). Live while `status == "confirmed"`.
public struct BookingRecord: Codable, Sendable, Equatable {
    public static let confirmed = "confirmed"
    public static let cancelled = "cancelled"

    public var id: String
    public var ownerId: String
    public var linkId: String?
    /// Short code a human can read out ("K7QM-4TXP").
    public var reference: String
    public var startAt: Date
    public var endAt: Date
    public var title: String
    public var location: String?
    public var guestName: String
    public var guestEmail: String
    public var guestTimezone: String
    public var note: String?
    public var status: String
    /// iCalendar UID: stable across reschedules and cancellation.
    public var uid: String
    public var sequence: Int
    public var manageTokenHash: String
    public var idempotencyKey: String?
    /// SHA-256 of the request that created the booking, to tell a retry from a reused key.
    public var requestHash: String?
    public var calendarEventId: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, ownerId: String, linkId: String?, reference: String, startAt: Date, endAt: Date, title: String,
                location: String?, guestName: String, guestEmail: String, guestTimezone: String, note: String?,
                status: String = BookingRecord.confirmed, uid: String, sequence: Int = 0, manageTokenHash: String,
                idempotencyKey: String?, requestHash: String?, calendarEventId: String? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.ownerId = ownerId
        self.linkId = linkId
        self.reference = reference
        self.startAt = startAt
        self.endAt = endAt
        self.title = title
        self.location = location
        self.guestName = guestName
        self.guestEmail = guestEmail
        self.guestTimezone = guestTimezone
        self.note = note
        self.status = status
        self.uid = uid
        self.sequence = sequence
        self.manageTokenHash = manageTokenHash
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.calendarEventId = calendarEventId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
