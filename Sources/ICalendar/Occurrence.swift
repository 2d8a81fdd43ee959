public import Foundation

/// One instance of an event inside an expansion window, as instants.
public struct Occurrence: Sendable, Hashable {
    public var uid: String
    public var start: Date
    public var end: Date
    /// All-day (and floating) times are read as UTC, matching the reference engine; an
    /// all-day occurrence starts at 00:00 UTC of its date.
    public var isAllDay: Bool
    /// The instance's original start for a recurring event (its RECURRENCE-ID), else nil.
    public var recurrenceID: Date?
    public var status: Event.Status?
    public var isTransparent: Bool
    /// Index into `VCalendar.events` of the VEVENT (master or override) that produced it.
    public var eventIndex: Int

    public init(uid: String, start: Date, end: Date, isAllDay: Bool = false, recurrenceID: Date? = nil,
                status: Event.Status? = nil, isTransparent: Bool = false, eventIndex: Int = 0) {
        self.uid = uid
        self.start = start
        self.end = end
        self.isAllDay = isAllDay
        self.recurrenceID = recurrenceID
        self.status = status
        self.isTransparent = isTransparent
        self.eventIndex = eventIndex
    }
}
