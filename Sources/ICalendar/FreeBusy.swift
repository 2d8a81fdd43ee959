public import Foundation

/// A VFREEBUSY: busy periods of one calendar user over a span.
public struct FreeBusy: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case free = "FREE", busy = "BUSY", tentative = "BUSY-TENTATIVE", unavailable = "BUSY-UNAVAILABLE"
    }

    public struct Period: Sendable, Hashable {
        public var start: Date
        public var end: Date
        public var kind: Kind

        public init(start: Date, end: Date, kind: Kind = .busy) {
            self.start = start
            self.end = end
            self.kind = kind
        }
    }

    public var uid: String?
    public var stamp: Date?
    public var start: Date
    public var end: Date
    public var organizer: Participant?
    public var attendee: Participant?
    public var periods: [Period]

    public init(uid: String? = nil, start: Date, end: Date, organizer: Participant? = nil,
                attendee: Participant? = nil, periods: [Period]) {
        self.uid = uid
        self.start = start
        self.end = end
        self.organizer = organizer
        self.attendee = attendee
        self.periods = periods
    }
}
