import Foundation

/// Finds the date and time phrase in a message and resolves it in the user's zone.
///
/// Conventions (what a person usually means):
/// - "Tuesday"/"this Tuesday": the next Tuesday, today included; "next Tuesday": Tuesday of
///   next week (weeks start on Monday). A weekday whose time has passed today moves a week on.
/// - A bare hour 1–6 ("at 3") is afternoon; 7–12 is as said ("at 10" → 10:00).
/// - A time without a day is today, or tomorrow once that time has passed.
/// - "morning" 09–12, "afternoon" 13–17, "evening" 17–21, "tonight"/"night" 19–23.
/// - "on the 14th": the next 14th, today included; "Dec 14": the next 14 December.
struct DateTimeParser {
    let clock: UserClock
    let tokens: [OfflineToken]
    /// Indices of tokens that belong to the date phrase (so titles and durations skip them).
    private(set) var consumed: Set<Int> = []

    var day: Date?
    var dayFromWeekday = false
    var weekStart: Date?
    var weekday: Int?
    var time: ClockTime?
    var endTime: ClockTime?
    var partOfDay: (start: Int, end: Int)?
    var instant: Date?

    init(clock: UserClock, tokens: [OfflineToken]) {
        self.clock = clock
        self.tokens = tokens
    }

    mutating func parse() -> DateMention? {
        var index = 0
        while index < tokens.count {
            index += max(1, scan(at: index))
        }
        return resolve()
    }

    // MARK: Scanning

    /// Tries every phrase kind at `index`; returns how many tokens it used (0: none).
    private mutating func scan(at index: Int) -> Int {
        let word = tokens[index].text
        if instant == nil, day == nil, let parsed = ISOTimestamp.parse(tokens[index].original, in: clock) {
            if parsed.hasTime { instant = parsed.date } else { day = parsed.date }
            return take(index, 1)
        }
        if instant == nil, word == "in", let match = DurationParser.match(tokens, at: index + 1, allowDays: true) {
            let minutes = Int(match.minutes.rounded())
            // "in 3 days" names a day; "in 72 hours" an exact instant.
            let unit = tokens[index + match.count].text
            if unit.hasPrefix("day") || unit.hasPrefix("week") {
                day = clock.adding(days: minutes / 1440, to: clock.today)
            } else {
                instant = floorToMinute(clock.now.addingTimeInterval(TimeInterval(minutes * 60)))
            }
            return take(index, 1 + match.count)
        }
        if day == nil, let (offset, count) = relativeDay(at: index) {
            day = clock.adding(days: offset, to: clock.today)
            if word == "tonight" { partOfDay = (19, 23) }
            return take(index, count)
        }
        if let (count, modifier) = weekPhrase(at: index) {
            let thisWeek = clock.startOfWeek(containing: clock.now)
            weekStart = modifier == "next" ? clock.adding(days: 7, to: thisWeek) : thisWeek
            return take(index, count)
        }
        if weekday == nil, let (target, count, isNext) = weekdayPhrase(at: index) {
            weekday = target
            resolveWeekday(target, next: isNext)
            return take(index, count)
        }
        if day == nil, let (date, count) = calendarDate(at: index) {
            day = date
            return take(index, count)
        }
        if partOfDay == nil, let (range, count) = partOfDayPhrase(at: index) {
            partOfDay = range
            return take(index, count)
        }
        if time == nil, let count = timePhrase(at: index) {
            return take(index, count)
        }
        return 0
    }

    mutating func take(_ index: Int, _ count: Int) -> Int {
        // Connectors just before a phrase belong to it ("on Friday", "at 3pm", "for next week").
        var first = index
        while first > 0, ["on", "at", "for", "by", "the", "@", "this", "coming", "of"].contains(tokens[first - 1].text),
              !consumed.contains(first - 1) {
            first -= 1
        }
        for i in first..<min(tokens.count, index + count) { consumed.insert(i) }
        return count
    }

    func word(_ index: Int) -> String? { tokens.indices.contains(index) ? tokens[index].text : nil }

    private func relativeDay(at index: Int) -> (Int, Int)? {
        switch word(index) {
        case "today", "tonight": return (0, 1)
        case "tomorrow", "tmrw", "tmr", "tomorow", "tommorow":
            return (1, 1)
        case "day" where word(index + 1) == "after" && word(index + 2) == "tomorrow": return (2, 3)
        default: return nil
        }
    }

    private func weekPhrase(at index: Int) -> (Int, String)? {
        guard let modifier = word(index), ["next", "this"].contains(modifier), word(index + 1) == "week" else { return nil }
        return (2, modifier)
    }

    private func weekdayPhrase(at index: Int) -> (Int, Int, Bool)? {
        var start = index
        var isNext = false
        if word(index) == "next" { isNext = true; start += 1 }
        guard let name = word(start), let target = Self.weekdays[name] else { return nil }
        // "Tuesday next week"
        if word(start + 1) == "next", word(start + 2) == "week" { return (target, start + 3 - index, true) }
        return (target, start + 1 - index, isNext)
    }

    private mutating func resolveWeekday(_ target: Int, next: Bool) {
        let today = clock.today
        let current = clock.calendar.component(.weekday, from: today)
        if next {
            // Same weekday in the following Monday-based week.
            let nextWeek = clock.adding(days: 7, to: clock.startOfWeek(containing: today))
            day = clock.adding(days: (target + 5) % 7, to: nextWeek)
        } else {
            day = clock.adding(days: (target - current + 7) % 7, to: today)
            dayFromWeekday = true
        }
    }

    /// "the 14th", "14th of December", "Dec 14", "December 14th 2026", "14 Dec".
    private func calendarDate(at index: Int) -> (Date, Int)? {
        var i = index
        var month: Int?
        var dayNumber: Int?
        var ordinal = false
        if let m = word(i).flatMap({ Self.months[$0] }), let d = word(i + 1).flatMap(Self.dayNumber) {
            month = m; dayNumber = d.value; i += 2
        } else if let d = word(i).flatMap(Self.dayNumber) {
            dayNumber = d.value
            ordinal = d.ordinal
            i += 1
            if word(i) == "of" { i += 1 }
            if let m = word(i).flatMap({ Self.months[$0] }) {
                month = m; i += 1
            } else if !ordinal {
                return nil  // a bare number is not a date
            } else if word(index + 1) == "of" {
                i -= 1  // "of" without a month belongs to the sentence
            }
        } else {
            return nil
        }
        guard let dayNumber else { return nil }
        var year: Int?
        if let y = word(i).flatMap(Int.init), y >= 2000, y < 2200 { year = y; i += 1 }
        let now = clock.calendar.dateComponents([.year, .month, .day], from: clock.now)
        if let month {
            let candidateYear = year ?? now.year!
            if var date = clock.date(year: candidateYear, month: month, day: dayNumber) {
                if year == nil, date < clock.today { date = clock.date(year: candidateYear + 1, month: month, day: dayNumber) ?? date }
                return (date, i - index)
            }
            return nil
        }
        // An ordinal alone: this month, or the next month that has that day.
        for ahead in 0..<12 {
            let monthIndex = now.month! - 1 + ahead
            guard let date = clock.date(year: now.year! + monthIndex / 12, month: monthIndex % 12 + 1, day: dayNumber) else { continue }
            if date >= clock.today { return (date, i - index) }
        }
        return nil
    }

    private func partOfDayPhrase(at index: Int) -> ((Int, Int), Int)? {
        var i = index
        if word(i) == "in", word(i + 1) == "the" { i += 2 }
        if word(i) == "this" { i += 1 }
        guard let name = word(i) else { return nil }
        let range: (Int, Int)
        switch name {
        case "morning": range = (9, 12)
        case "afternoon": range = (13, 17)
        case "evening": range = (17, 21)
        case "night", "tonight": range = (19, 23)
        case "lunchtime": range = (12, 13)
        default: return nil
        }
        return (range, i + 1 - index)
    }

    func floorToMinute(_ date: Date) -> Date {
        Date(timeIntervalSinceReferenceDate: (date.timeIntervalSinceReferenceDate / 60).rounded(.down) * 60)
    }

    static let weekdays: [String: Int] = [
        "sunday": 1, "sun": 1, "monday": 2, "mon": 2, "tuesday": 3, "tue": 3, "tues": 3,
        "wednesday": 4, "wed": 4, "weds": 4, "thursday": 5, "thu": 5, "thur": 5, "thurs": 5,
        "friday": 6, "fri": 6, "saturday": 7, "sat": 7,
    ]

    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
        "december": 12, "dec": 12,
    ]

    /// "14", "14th", "1st": a day of the month.
    static func dayNumber(_ word: String) -> (value: Int, ordinal: Bool)? {
        var digits = word
        var ordinal = false
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) {
            digits.removeLast(2)
            ordinal = true
        }
        guard digits.count <= 2, let value = Int(digits), (1...31).contains(value) else { return nil }
        return (value, ordinal)
    }
}
