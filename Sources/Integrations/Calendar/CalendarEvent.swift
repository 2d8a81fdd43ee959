import Foundation

/// Where an event lives.
public enum CalendarSource: String, Codable, Sendable, Hashable {
    case local, google, ics
}

/// A meeting participant. `status` is the iCalendar PARTSTAT (`NEEDS-ACTION`, `ACCEPTED`,
/// `DECLINED`, `TENTATIVE`, `DELEGATED`).
public struct CalendarAttendee: Codable, Sendable, Hashable {
    public var email: String
    public var name: String?
    public var status: String?

    public init(email: String, name: String? = nil, status: String? = nil) {
        self.email = email
        self.name = name
        self.status = status
    }
}

/// One event of an owner's calendar, whichever calendar holds it. `start`/`end` are instants;
/// `timeZone` is the IANA zone the event was planned in.
public struct CalendarEvent: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var start: Date
    public var end: Date
    public var timeZone: String
    public var location: String?
    public var description: String?
    public var attendees: [CalendarAttendee]
    public var source: CalendarSource
    /// The iCalendar UID (stable across updates, used in invites).
    public var uid: String
    /// The iCalendar SEQUENCE, bumped on every update.
    public var sequence: Int

    public init(id: String, title: String, start: Date, end: Date, timeZone: String, location: String? = nil,
                description: String? = nil, attendees: [CalendarAttendee] = [], source: CalendarSource, uid: String, sequence: Int = 0) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.location = location
        self.description = description
        self.attendees = attendees
        self.source = source
        self.uid = uid
        self.sequence = sequence
    }
}

/// What a caller gives to create an event.
public struct NewCalendarEvent: Codable, Sendable, Hashable {
    public var title: String
    public var start: Date
    public var end: Date
    public var timeZone: String
    public var location: String?
    public var description: String?
    public var attendees: [CalendarAttendee]
    /// Google: send invitations to attendees (`sendUpdates=all`), else none.
    public var sendUpdates: Bool
    /// Keep this UID (imports, bookings that already sent an invite); nil → a new one.
    public var uid: String?

    public init(title: String, start: Date, end: Date, timeZone: String = "UTC", location: String? = nil, description: String? = nil,
                attendees: [CalendarAttendee] = [], sendUpdates: Bool = true, uid: String? = nil) {
        self.title = title
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.location = location
        self.description = description
        self.attendees = attendees
        self.sendUpdates = sendUpdates
        self.uid = uid
    }
}

/// A partial update: nil fields stay as they are.
public struct CalendarEventPatch: Codable, Sendable, Hashable {
    public var title: String?
    public var start: Date?
    public var end: Date?
    public var timeZone: String?
    public var location: String?
    public var description: String?
    public var attendees: [CalendarAttendee]?
    public var sendUpdates: Bool

    public init(title: String? = nil, start: Date? = nil, end: Date? = nil, timeZone: String? = nil, location: String? = nil,
                description: String? = nil, attendees: [CalendarAttendee]? = nil, sendUpdates: Bool = true) {
        self.title = title
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.location = location
        self.description = description
        self.attendees = attendees
        self.sendUpdates = sendUpdates
    }

    var isEmpty: Bool {
        title == nil && start == nil && end == nil && timeZone == nil && location == nil && description == nil && attendees == nil
    }
}

/// A stretch of time in which the owner is not free. It carries no title, so it is safe to
/// show to people other than the owner.
public struct BusyPeriod: Codable, Sendable, Hashable {
    public var start: Date
    public var end: Date
    public var source: CalendarSource

    public init(start: Date, end: Date, source: CalendarSource) {
        self.start = start
        self.end = end
        self.source = source
    }
}
