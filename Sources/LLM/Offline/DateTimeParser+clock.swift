import Foundation

/// A wall-clock time as written: "3pm", "10:30", "15:00", "noon".
struct ClockTime: Equatable {
    enum Meridiem { case am, pm }
    var hour: Int
    var minute: Int
    var meridiem: Meridiem?
    /// "09:00", "15:00": written on a 24-hour clock, so never shifted to the afternoon.
    var twentyFour: Bool

    /// The hour on a 24-hour clock, guessing am/pm like a person would when it is not said.
    func hour24(partOfDay: (start: Int, end: Int)?) -> Int {
        switch meridiem {
        case .pm: return hour < 12 ? hour + 12 : hour
        case .am: return hour == 12 ? 0 : hour
        case nil:
            guard hour < 12, !twentyFour else { return hour }
            if let partOfDay { return partOfDay.start >= 12 ? hour + 12 : hour }
            return (1...6).contains(hour) ? hour + 12 : hour
        }
    }
}

extension DateTimeParser {
    /// "at 3pm", "10:30", "from 2 to 4pm", "between 1 and 3", "2-3pm", "noon".
    mutating func timePhrase(at index: Int) -> Int? {
        var i = index
        var lenient = false
        let lead = word(i)
        if ["at", "@", "around", "from", "between", "after", "before", "by"].contains(lead ?? "") {
            i += 1
            lenient = true
        }
        // A hyphenated range in one token: "2-3pm", "10:00-10:30".
        if let token = word(i), token.contains("-"), !token.hasPrefix("-") {
            let halves = token.split(separator: "-", maxSplits: 1).map(String.init)
            if halves.count == 2, var start = clock(halves[0], next: nil, lenient: true)?.time,
               let end = clock(halves[1], next: nil, lenient: true)?.time {
                if start.meridiem == nil, end.meridiem != nil { start.meridiem = inferMeridiem(start, end) }
                time = start
                endTime = end
                return i + 1 - index
            }
        }
        guard let (start, count) = clock(word(i), next: word(i + 1), lenient: lenient) else { return nil }
        i += count
        var first = start
        let joiner = lead == "between" ? ["and"] : ["to", "until", "till", "-"]
        if let link = word(i), joiner.contains(link), let (end, endCount) = clock(word(i + 1), next: word(i + 2), lenient: true) {
            if first.meridiem == nil, end.meridiem != nil { first.meridiem = inferMeridiem(first, end) }
            time = first
            endTime = end
            return i + 1 + endCount - index
        }
        time = first
        return i - index
    }

    /// "2-3pm" is 14–15, but "11-1pm" is 11–13.
    private func inferMeridiem(_ start: ClockTime, _ end: ClockTime) -> ClockTime.Meridiem? {
        guard end.meridiem == .pm, !start.twentyFour, start.hour < 12 else { return nil }
        return start.hour + 12 <= end.hour24(partOfDay: nil) ? .pm : .am
    }

    /// One clock time starting at `text` (and perhaps an "am"/"pm" word after it).
    /// Strict mode needs a colon, am/pm or a word like "noon", so "30 min" is not a time.
    func clock(_ text: String?, next: String?, lenient: Bool) -> (time: ClockTime, count: Int)? {
        guard var text else { return nil }
        switch text {
        case "noon", "midday": return (ClockTime(hour: 12, minute: 0, meridiem: .pm, twentyFour: false), 1)
        case "midnight": return (ClockTime(hour: 0, minute: 0, meridiem: .am, twentyFour: true), 1)
        default: break
        }
        var meridiem: ClockTime.Meridiem?
        for (suffix, value) in [("a.m", ClockTime.Meridiem.am), ("p.m", .pm), ("am", .am), ("pm", .pm)] where text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
            meridiem = value
            break
        }
        var count = 1
        if meridiem == nil, let next {
            switch next {
            case "am", "a.m": meridiem = .am; count = 2
            case "pm", "p.m": meridiem = .pm; count = 2
            case "o'clock", "oclock": count = 2
            default: break
            }
        }
        if text.hasSuffix("h"), !text.hasPrefix("h") { text.removeLast() }  // "10h"
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).flatMap { $0.split(separator: ".", omittingEmptySubsequences: false) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              parts[0].count <= 2, let hour = Int(parts[0]), hour <= 23 else { return nil }
        var minute = 0
        if parts.count == 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), value < 60 else { return nil }
            minute = value
        }
        if meridiem != nil, hour > 12 || hour == 0 { return nil }
        let marked = meridiem != nil || parts.count == 2 || count == 2
        guard marked || lenient else { return nil }
        // "at 30 minutes" is a duration, not a time.
        if !marked, let next, DurationParser.unitMinutes(next, allowDays: true) != nil { return nil }
        let twentyFour = hour > 12 || hour == 0 || parts[0].hasPrefix("0")
        return (ClockTime(hour: hour, minute: minute, meridiem: meridiem, twentyFour: twentyFour), count)
    }

    // MARK: Resolving

    mutating func resolve() -> DateMention? {
        if let instant { return DateMention(start: instant, precision: .minute) }
        if let weekStart {
            if let weekday {
                day = clock.adding(days: (weekday + 5) % 7, to: weekStart)
                dayFromWeekday = false
            } else if day == nil {
                guard time != nil || partOfDay != nil else {
                    return DateMention(start: weekStart, end: clock.adding(days: 7, to: weekStart), precision: .week)
                }
                day = weekStart
            }
        }
        let base = day ?? clock.today
        if let time {
            var start = clock.date(on: base, hour: time.hour24(partOfDay: partOfDay), minute: time.minute)
            var end = endTime.map { clock.date(on: base, hour: $0.hour24(partOfDay: partOfDay), minute: $0.minute) }
            if let value = end, value <= start { end = clock.calendar.date(byAdding: .hour, value: 12, to: value).flatMap { $0 > start ? $0 : nil } }
            let shift = day == nil && start <= clock.now ? 1 : (dayFromWeekday && start < clock.now ? 7 : 0)
            if shift > 0 {
                start = clock.adding(days: shift, to: start)
                end = end.map { clock.adding(days: shift, to: $0) }
            }
            return DateMention(start: start, end: end, precision: .minute)
        }
        if let partOfDay {
            var start = clock.date(on: base, hour: partOfDay.start, minute: 0)
            var end = clock.date(on: base, hour: partOfDay.end, minute: 0)
            let shift = day == nil && end <= clock.now ? 1 : (dayFromWeekday && end <= clock.now ? 7 : 0)
            if shift > 0 {
                start = clock.adding(days: shift, to: start)
                end = clock.adding(days: shift, to: end)
            }
            return DateMention(start: start, end: end, precision: .partOfDay)
        }
        if let day { return DateMention(start: day, end: clock.adding(days: 1, to: day), precision: .day) }
        return nil
    }
}
