/// An RRULE (RFC 5545 §3.3.10) as a value. `init(parsing:)` reads the text form and
/// `description` writes it back, so a rule round-trips.
public struct RecurrenceRule: Sendable, Hashable, CustomStringConvertible {
    public enum Frequency: String, Sendable, Hashable, CaseIterable {
        case secondly = "SECONDLY", minutely = "MINUTELY", hourly = "HOURLY"
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    /// A BYDAY entry: a weekday (Monday = 0 … Sunday = 6) with an optional ordinal (`-1FR`).
    public struct WeekdayNum: Sendable, Hashable {
        public var ordinal: Int
        public var weekday: Int
        public init(_ weekday: Int, ordinal: Int = 0) {
            self.weekday = weekday
            self.ordinal = ordinal
        }
    }

    /// UNTIL keeps its form: a date, a floating date-time, or a UTC date-time.
    public enum Until: Sendable, Hashable {
        case date(LocalDateTime)
        case floating(LocalDateTime)
        case utc(LocalDateTime)
    }

    public var frequency: Frequency
    public var interval: Int = 1
    public var count: Int?
    public var until: Until?
    public var bySecond: [Int] = []
    public var byMinute: [Int] = []
    public var byHour: [Int] = []
    public var byDay: [WeekdayNum] = []
    public var byMonthDay: [Int] = []
    public var byYearDay: [Int] = []
    public var byWeekNo: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPos: [Int] = []
    /// Week start, Monday = 0 (the RFC default).
    public var weekStart: Int = 0

    static let dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    public init(frequency: Frequency) {
        self.frequency = frequency
    }

    public init(parsing text: String) throws(ICalendarError) {
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        func bad(_ why: String) -> ICalendarError { .invalidRecurrenceRule("\(why) in \(text.prefix(200))") }
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            guard let eq = part.firstIndex(of: "=") else { throw bad("part without '='") }
            let key = part[..<eq].uppercased()
            let value = String(part[part.index(after: eq)...])
            func ints(_ range: ClosedRange<Int>, allowNegative: Bool = true) throws(ICalendarError) -> [Int] {
                var out: [Int] = []
                for item in value.split(separator: ",") {
                    guard let n = Int(item), range.contains(abs(n)), allowNegative || n >= 0, n != 0 || range.lowerBound == 0
                    else { throw bad("bad \(key) value '\(item)'") }
                    out.append(n)
                }
                if out.isEmpty { throw bad("empty \(key)") }
                return out
            }
            switch key {
            case "FREQ":
                guard let f = Frequency(rawValue: value.uppercased()) else { throw bad("unknown FREQ") }
                frequency = f
            case "INTERVAL":
                guard let n = Int(value), n >= 1, n <= 100_000 else { throw bad("bad INTERVAL") }
                rule.interval = n
            case "COUNT":
                guard let n = Int(value), n >= 1 else { throw bad("bad COUNT") }
                rule.count = n
            case "UNTIL":
                rule.until = try Self.parseUntil(value, bad: bad)
            case "BYSECOND": rule.bySecond = try ints(0...60, allowNegative: false)
            case "BYMINUTE": rule.byMinute = try ints(0...59, allowNegative: false)
            case "BYHOUR": rule.byHour = try ints(0...23, allowNegative: false)
            case "BYMONTHDAY": rule.byMonthDay = try ints(1...31)
            case "BYYEARDAY": rule.byYearDay = try ints(1...366)
            case "BYWEEKNO": rule.byWeekNo = try ints(1...53)
            case "BYMONTH": rule.byMonth = try ints(1...12, allowNegative: false)
            case "BYSETPOS": rule.bySetPos = try ints(1...366)
            case "WKST":
                guard let d = Self.dayCodes.firstIndex(of: value.uppercased()) else { throw bad("bad WKST") }
                rule.weekStart = d
            case "BYDAY":
                for item in value.split(separator: ",") {
                    let upper = item.uppercased()
                    guard upper.count >= 2, let d = Self.dayCodes.firstIndex(of: String(upper.suffix(2))) else {
                        throw bad("bad BYDAY '\(item)'")
                    }
                    let prefix = upper.dropLast(2)
                    var ordinal = 0
                    if !prefix.isEmpty {
                        guard let n = Int(prefix), n != 0, abs(n) <= 53 else { throw bad("bad BYDAY ordinal") }
                        ordinal = n
                    }
                    rule.byDay.append(WeekdayNum(d, ordinal: ordinal))
                }
            default:
                throw bad("unsupported part \(key)")
            }
        }
        guard let frequency else { throw bad("missing FREQ") }
        if rule.count != nil && rule.until != nil { throw bad("COUNT and UNTIL together") }
        rule.frequency = frequency
        self = rule
    }

    private static func parseUntil(_ value: String, bad: (String) -> ICalendarError) throws(ICalendarError) -> Until {
        let digits = Array(value.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= digits.count else { return nil }
            var n = 0
            for c in digits[from..<(from + len)] {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let y = num(0, 4), let m = num(4, 2), let d = num(6, 2) else { throw bad("bad UNTIL") }
        if digits.count == 8 {
            let t = LocalDateTime(year: y, month: m, day: d)
            guard t.isValid else { throw bad("bad UNTIL") }
            return .date(t)
        }
        guard digits.count >= 15, digits[8] == UInt8(ascii: "T"),
              let h = num(9, 2), let mi = num(11, 2), let s = num(13, 2) else { throw bad("bad UNTIL") }
        let t = LocalDateTime(year: y, month: m, day: d, hour: h, minute: mi, second: s)
        guard t.isValid else { throw bad("bad UNTIL") }
        if digits.count == 16 && (digits[15] == UInt8(ascii: "Z") || digits[15] == UInt8(ascii: "z")) { return .utc(t) }
        guard digits.count == 15 else { throw bad("bad UNTIL") }
        return .floating(t)
    }

    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        switch until {
        case .date(let t)?: parts.append("UNTIL=\(t.dateDescription)")
        case .floating(let t)?: parts.append("UNTIL=\(t)")
        case .utc(let t)?: parts.append("UNTIL=\(t)Z")
        case nil: break
        }
        func list(_ key: String, _ values: [Int]) {
            if !values.isEmpty { parts.append("\(key)=" + values.map(String.init).joined(separator: ",")) }
        }
        list("BYSECOND", bySecond)
        list("BYMINUTE", byMinute)
        list("BYHOUR", byHour)
        if !byDay.isEmpty {
            parts.append("BYDAY=" + byDay.map { ($0.ordinal == 0 ? "" : String($0.ordinal)) + Self.dayCodes[$0.weekday] }
                .joined(separator: ","))
        }
        list("BYMONTHDAY", byMonthDay)
        list("BYYEARDAY", byYearDay)
        list("BYWEEKNO", byWeekNo)
        list("BYMONTH", byMonth)
        list("BYSETPOS", bySetPos)
        if weekStart != 0 { parts.append("WKST=\(Self.dayCodes[weekStart])") }
        return parts.joined(separator: ";")
    }

    /// True when the native expander handles this rule; the rest go through libical.
    var isNativelyExpandable: Bool {
        switch frequency {
        case .daily, .weekly, .monthly, .yearly: break
        default: return false
        }
        return bySecond.isEmpty && byMinute.isEmpty && byHour.isEmpty && byYearDay.isEmpty && byWeekNo.isEmpty
    }
}
