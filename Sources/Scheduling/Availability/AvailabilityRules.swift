public import Foundation
public import ICalendar

/// A span of wall-clock time within one day, in minutes after midnight; `end` may be 1440.
public struct TimeRange: Sendable, Hashable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// `TimeRange(9, 0, to: 17, 30)` is 09:00–17:30.
    public init(_ startHour: Int, _ startMinute: Int = 0, to endHour: Int, _ endMinute: Int = 0) {
        self.init(startMinute: startHour * 60 + startMinute, endMinute: endHour * 60 + endMinute)
    }
}

/// How an owner wants to be booked. All wall times are in `timeZone`.
public struct AvailabilityRules: Sendable, Hashable {
    public var timeZone: TimeZone
    /// Working hours by ISO weekday (Monday = 1 … Sunday = 7); a missing day is not bookable.
    public var weeklyHours: [Int: [TimeRange]]
    /// Replaces the weekly hours on one date (local, time fields ignored); `[]` blocks the day.
    public var dateOverrides: [LocalDateTime: [TimeRange]] = [:]
    public var meetingDuration: TimeInterval = 30 * 60
    /// Slots start at the beginning of a working range and then every `slotInterval`.
    public var slotInterval: TimeInterval = 30 * 60
    /// Free time required before and after a meeting, against other busy time.
    public var bufferBefore: TimeInterval = 0
    public var bufferAfter: TimeInterval = 0
    /// No slot starts sooner than this after `now`.
    public var minimumNotice: TimeInterval = 0
    /// No slot starts later than this after `now`.
    public var bookingHorizon: TimeInterval? = 60 * 86_400
    /// At most this many meetings on one local day (busy intervals that count toward it).
    public var dailyCap: Int?

    public init(timeZone: TimeZone, weeklyHours: [Int: [TimeRange]]) {
        self.timeZone = timeZone
        self.weeklyHours = weeklyHours
    }

    /// The same hours Monday to Friday.
    public static func weekdays(_ range: TimeRange, in timeZone: TimeZone) -> AvailabilityRules {
        AvailabilityRules(timeZone: timeZone, weeklyHours: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, [range]) }))
    }
}

/// Time the owner is not free, from any source.
public struct BusyInterval: Sendable, Hashable {
    public var start: Date
    public var end: Date
    /// Meetings count toward `dailyCap`; blocks such as travel may not.
    public var countsTowardDailyCap: Bool

    public init(start: Date, end: Date, countsTowardDailyCap: Bool = true) {
        self.start = start
        self.end = end
        self.countsTowardDailyCap = countsTowardDailyCap
    }
}

/// A bookable instant range.
public struct FreeSlot: Sendable, Hashable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// The slot's start as a viewer in `zone` reads it on their wall clock.
    public func localStart(in zone: TimeZone) -> LocalDateTime {
        ZoneClock(zone).wall(start)
    }
}
