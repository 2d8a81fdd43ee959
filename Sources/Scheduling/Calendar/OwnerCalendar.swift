public import Foundation

/// Busy time in an owner's calendar, with the event it came from so that a booking's own
/// calendar event is not counted twice.
public struct CalendarBusy: Sendable, Hashable {
    public var interval: BusyInterval
    public var eventID: String?

    public init(start: Date, end: Date, eventID: String? = nil) {
        self.interval = BusyInterval(start: start, end: end)
        self.eventID = eventID
    }
}

/// An event Perin writes into an owner's calendar for a booking or a negotiated meeting.
public struct CalendarEventDraft: Sendable, Equatable {
    public var uid: String
    public var title: String
    public var start: Date
    public var end: Date
    public var location: String?
    public var details: String?
    public var attendees: [String]
    /// The owner's IANA zone for the event (nil: UTC).
    public var timeZone: String?

    public init(uid: String, title: String, start: Date, end: Date, location: String? = nil, details: String? = nil, attendees: [String] = [],
                timeZone: String? = nil) {
        self.uid = uid
        self.title = title
        self.start = start
        self.end = end
        self.location = location
        self.details = details
        self.attendees = attendees
        self.timeZone = timeZone
    }
}

/// The owner's calendar as scheduling needs it: free/busy to check against, and the write
/// side for confirmed meetings. The server adapts the Integrations calendar service (Google
/// when connected, else the local calendar) to this.
public protocol OwnerCalendar: Sendable {
    func busy(ownerID: String, from: Date, to: Date) async throws -> OwnerBusy
    /// Returns the calendar's id for the new event. `target` is what a `busy` read just named
    /// (nil: the calendar finds out itself).
    func insert(ownerID: String, _ event: CalendarEventDraft, target: String?) async throws -> String?
    /// The id `insert` will give `event` when the calendar derives it from the event alone, so
    /// a booking can store it with its first write; nil when it cannot say.
    func plannedEventID(ownerID: String, for event: CalendarEventDraft) -> String?
    func update(ownerID: String, eventID: String, _ event: CalendarEventDraft) async throws
    func delete(ownerID: String, eventID: String) async throws
}

extension OwnerCalendar {
    public func insert(ownerID: String, _ event: CalendarEventDraft) async throws -> String? {
        try await insert(ownerID: ownerID, event, target: nil)
    }
}

/// What a busy read found, and which of the owner's calendars a write right after goes to.
public struct OwnerBusy: Sendable {
    public var intervals: [CalendarBusy]
    /// Opaque to scheduling: handed back to `insert` so it need not look the calendar up again.
    public var writeTarget: String?

    public init(intervals: [CalendarBusy], writeTarget: String? = nil) {
        self.intervals = intervals
        self.writeTarget = writeTarget
    }
}

/// No calendar besides Perin's own bookings table (which the booking path always checks).
public struct BookingsOnlyCalendar: OwnerCalendar {
    public init() {}
    public func busy(ownerID: String, from: Date, to: Date) async throws -> OwnerBusy { OwnerBusy(intervals: []) }
    public func insert(ownerID: String, _ event: CalendarEventDraft, target: String?) async throws -> String? { nil }
    public func plannedEventID(ownerID: String, for event: CalendarEventDraft) -> String? { nil }
    public func update(ownerID: String, eventID: String, _ event: CalendarEventDraft) async throws {}
    public func delete(ownerID: String, eventID: String) async throws {}
}
