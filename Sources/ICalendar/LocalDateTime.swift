/// A date and time of day with no zone attached: what a clock on the wall shows.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Seconds since 1970-01-01T00:00:00 on the same wall clock (no zone).
    public var wallSeconds: Int64 {
        Int64(CivilTime.days(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    public init(wallSeconds: Int64) {
        let days = Int(CivilTime.floorDiv(Int(wallSeconds), 86_400))
        let rest = Int(wallSeconds) - days * 86_400
        let (y, m, d) = CivilTime.date(days: days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }

    /// True when every field is in range (months 1-12, real days, 00:00:00-23:59:60).
    public var isValid: Bool {
        (1...12).contains(month) && (1...9999).contains(year)
            && (1...CivilTime.daysInMonth(year: year, month: month)).contains(day)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.wallSeconds < rhs.wallSeconds }

    /// Basic ISO 8601 form as iCalendar writes it: `20260329T093000`.
    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "T" + pad(hour, 2) + pad(minute, 2) + pad(second, 2)
    }

    /// `20260329` (the DATE form).
    var dateDescription: String { String(description.prefix(8)) }
}

extension LocalDateTime {
    /// ISO weekday: Monday = 1 … Sunday = 7.
    public var isoWeekday: Int {
        CivilTime.weekday(days: CivilTime.days(year: year, month: month, day: day)) + 1
    }

    /// The same wall time `days` calendar days later (or earlier, when negative).
    public func addingDays(_ days: Int) -> LocalDateTime {
        LocalDateTime(wallSeconds: wallSeconds + Int64(days) * 86_400)
    }
}
