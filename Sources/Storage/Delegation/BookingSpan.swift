import Foundation

/// Just the time a live booking occupies (and its calendar event), which is all availability
/// needs: reading spans instead of whole records keeps the locked check short.
public struct BookingSpan: Sendable, Hashable {
    public let id: String
    public let startAt: Date
    public let endAt: Date
    public let calendarEventId: String?

    public init(id: String, startAt: Date, endAt: Date, calendarEventId: String?) {
        self.id = id
        self.startAt = startAt
        self.endAt = endAt
        self.calendarEventId = calendarEventId
    }
}
