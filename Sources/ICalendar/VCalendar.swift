/// A VCALENDAR object: what one .ics file (or one invite) holds. Named after the RFC
/// component so it does not clash with `Foundation.Calendar`.
public struct VCalendar: Sendable, Hashable {
    /// iTIP methods (RFC 5546).
    public enum Method: String, Sendable, Hashable {
        case publish = "PUBLISH", request = "REQUEST", reply = "REPLY", add = "ADD", cancel = "CANCEL"
        case refresh = "REFRESH", counter = "COUNTER", declineCounter = "DECLINECOUNTER"
    }

    public var productID: String = "-//Perin//ICalendar//EN"
    public var method: Method?
    public var events: [Event] = []
    public var freeBusy: [FreeBusy] = []
    /// The file's VTIMEZONE blocks as iCalendar text, by TZID.
    public var timeZones: [String: String] = [:]
    /// Calendar-level properties not modelled (X-WR-CALNAME, CALSCALE, …).
    public var otherProperties: [RawProperty] = []

    public init(method: Method? = nil, events: [Event] = [], freeBusy: [FreeBusy] = []) {
        self.method = method
        self.events = events
        self.freeBusy = freeBusy
    }
}
