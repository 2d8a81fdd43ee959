public import Foundation

/// The user's "now" and time zone: every relative phrase ("tomorrow at 3pm") is resolved
/// against this, so the same request always gives the same instants (tests inject `now`).
public struct UserClock: Sendable {
    public let now: Date
    public let timeZone: TimeZone
    /// Gregorian, weeks start on Monday, in the user's zone: day arithmetic through this
    /// calendar keeps local wall-clock times right across DST changes.
    public let calendar: Calendar

    public init(now: Date, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        calendar.locale = Locale(identifier: "en_US_POSIX")
        self.calendar = calendar
    }

    /// The user's zone by IANA name ("Europe/Berlin"); nil for an unknown name.
    public init?(now: Date, timeZoneIdentifier: String) {
        guard let zone = TimeZone(identifier: timeZoneIdentifier) else { return nil }
        self.init(now: now, timeZone: zone)
    }

    var today: Date { calendar.startOfDay(for: now) }

    /// A local wall-clock time on the day that contains `day`.
    func date(on day: Date, hour: Int, minute: Int) -> Date {
        var parts = calendar.dateComponents([.year, .month, .day], from: day)
        parts.hour = hour
        parts.minute = minute
        parts.second = 0
        return calendar.date(from: parts) ?? day
    }

    func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) -> Date? {
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: 0)
        guard parts.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: parts)
    }

    func adding(days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date) ?? date
    }

    /// Monday 00:00 of the week that contains `date`.
    func startOfWeek(containing date: Date) -> Date {
        let day = calendar.startOfDay(for: date)
        let weekday = calendar.component(.weekday, from: day)  // 1 = Sunday
        return adding(days: -((weekday + 5) % 7), to: day)
    }

    /// ISO 8601 with the user's offset at that instant, e.g. `2026-11-24T10:00:00+01:00`.
    public func iso(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        return "\(pad(p.year!, 4))-\(pad(p.month!))-\(pad(p.day!))T\(pad(p.hour!)):\(pad(p.minute!)):\(pad(p.second!))"
            + "\(sign)\(pad(hours)):\(pad(minutes))"
    }

    /// "10:00"
    func clock(_ date: Date) -> String {
        let p = calendar.dateComponents([.hour, .minute], from: date)
        return "\(pad(p.hour!)):\(pad(p.minute!))"
    }

    /// "Tue 24 Nov"
    func day(_ date: Date) -> String {
        let p = calendar.dateComponents([.weekday, .day, .month], from: date)
        return "\(Self.weekdayNames[p.weekday! - 1]) \(p.day!) \(Self.monthNames[p.month! - 1])"
    }

    /// "tomorrow, Tue 24 Nov" / "today, Sat 21 Nov" / "Fri 27 Nov": the way a person says it.
    func spokenDay(_ date: Date) -> String {
        let offset = calendar.dateComponents([.day], from: today, to: calendar.startOfDay(for: date)).day ?? 99
        switch offset {
        case 0: return "today, \(day(date))"
        case 1: return "tomorrow, \(day(date))"
        default: return day(date)
        }
    }

    /// "tomorrow, Tue 24 Nov, 10:00–10:30"
    func spokenSpan(_ start: Date, _ end: Date?) -> String {
        guard let end else { return "\(spokenDay(start)), \(clock(start))" }
        if calendar.isDate(start, inSameDayAs: end) || end == calendar.startOfDay(for: end) && end.timeIntervalSince(start) <= 86_400 {
            return "\(spokenDay(start)), \(clock(start))–\(clock(end))"
        }
        return "\(spokenDay(start)), \(clock(start)) – \(day(end)), \(clock(end))"
    }

    static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

private func pad(_ value: Int, _ width: Int = 2) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
