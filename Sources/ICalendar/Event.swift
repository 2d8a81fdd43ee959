/// A VEVENT as a value. A recurring series is one master `Event` (with `recurrenceRule`,
/// `recurrenceDates`, `exceptionDates`) plus one `Event` per overridden instance, sharing the
/// UID and carrying `recurrenceID`.
public struct Event: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case tentative = "TENTATIVE", confirmed = "CONFIRMED", cancelled = "CANCELLED"
    }

    public var uid: String
    /// Bumped on every update an organizer sends (RFC 5546).
    public var sequence: Int = 0
    /// DTSTAMP, in UTC.
    public var stamp: LocalDateTime?
    public var start: DateTimeValue
    public var end: DateTimeValue?
    /// DURATION in seconds, when the file gives one instead of DTEND.
    public var duration: Int?
    public var summary: String?
    public var details: String?
    public var location: String?
    public var status: Status?
    /// TRANSP:TRANSPARENT events do not block time.
    public var isTransparent: Bool = false
    public var recurrenceRule: RecurrenceRule?
    public var recurrenceDates: [DateTimeValue] = []
    public var exceptionDates: [DateTimeValue] = []
    /// Set on an override of one instance of a series.
    public var recurrenceID: DateTimeValue?
    public var organizer: Participant?
    public var attendees: [Participant] = []
    /// Every other property (X-…, CATEGORIES, URL, …) as its unfolded content line, so that
    /// writing the event back keeps it.
    public var otherProperties: [RawProperty] = []
    /// Sub-components (VALARM, …) as iCalendar text, kept for round trips.
    public var otherComponents: [String] = []

    public init(uid: String, start: DateTimeValue, end: DateTimeValue? = nil, summary: String? = nil) {
        self.uid = uid
        self.start = start
        self.end = end
        self.summary = summary
    }

    /// Wall-clock length: DTEND − DTSTART, else DURATION, else one day for a date and zero
    /// for a date-time (RFC 5545 §3.6.1).
    var wallDuration: Int64 {
        if let end { return max(0, end.local.wallSeconds - start.local.wallSeconds) }
        if let duration { return Int64(max(0, duration)) }
        return start.isDate ? 86_400 : 0
    }
}

/// An ORGANIZER or ATTENDEE.
public struct Participant: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case needsAction = "NEEDS-ACTION", accepted = "ACCEPTED", declined = "DECLINED"
        case tentative = "TENTATIVE", delegated = "DELEGATED"
    }

    /// A calendar address, normally `mailto:someone@example.com`.
    public var address: String
    public var name: String?
    public var role: String?
    public var status: Status?
    public var rsvp: Bool?

    public init(address: String, name: String? = nil, role: String? = nil, status: Status? = nil, rsvp: Bool? = nil) {
        self.address = address
        self.name = name
        self.role = role
        self.status = status
        self.rsvp = rsvp
    }

    /// The e-mail address without the `mailto:` scheme.
    public var email: String {
        address.lowercased().hasPrefix("mailto:") ? String(address.dropFirst(7)) : address
    }
}

/// A property this module does not model, kept as its content line.
public struct RawProperty: Sendable, Hashable {
    public var name: String
    public var value: String
    /// The whole unfolded line, e.g. `X-GOOGLE-CONFERENCE:https://meet.google.com/abc`.
    public var line: String

    public init(name: String, value: String, line: String) {
        self.name = name
        self.value = value
        self.line = line
    }
}
