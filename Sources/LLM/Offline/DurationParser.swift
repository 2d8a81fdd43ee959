/// Reads a length of time starting at a token: "30 min", "1h", "1h30", "45-minute",
/// "an hour and a half", "half an hour", "1.5 hours", "2 hours 15 minutes".
enum DurationParser {
    /// A duration in minutes and how many tokens it used.
    struct Match: Equatable {
        var minutes: Double
        var count: Int
    }

    /// `allowDays` admits days and weeks, which only make sense after "in" ("in 3 days").
    static func match(_ tokens: [OfflineToken], at start: Int, allowDays: Bool = false) -> Match? {
        guard let first = match(single: tokens, at: start, allowDays: allowDays) else { return nil }
        var total = first
        // "an hour and a half", "1 hour 30 minutes", "2 hours and 15 min"
        var index = start + first.count
        if first.minutes >= 60, first.minutes.truncatingRemainder(dividingBy: 60) == 0 {
            if word(tokens, index) == "and", word(tokens, index + 1) == "a", word(tokens, index + 2) == "half" {
                return Match(minutes: total.minutes + 30, count: index + 3 - start)
            }
            let next = word(tokens, index) == "and" ? index + 1 : index
            if let minutes = match(single: tokens, at: next, allowDays: false), minutes.minutes < 60 {
                index = next + minutes.count
                total = Match(minutes: total.minutes + minutes.minutes, count: index - start)
            }
        }
        return total
    }

    private static func match(single tokens: [OfflineToken], at start: Int, allowDays: Bool) -> Match? {
        guard let head = word(tokens, start) else { return nil }
        // "half an hour", "a quarter of an hour", "quarter of an hour", "three quarters of an hour"
        if head == "half", ["an", "a"].contains(word(tokens, start + 1)), isHour(word(tokens, start + 2)) {
            return Match(minutes: 30, count: 3)
        }
        var quarterAt = start
        var quarters = 1.0
        if ["a", "one"].contains(head) { quarterAt += 1 }
        if head == "three" { quarterAt += 1; quarters = 3 }
        if ["quarter", "quarters"].contains(word(tokens, quarterAt)), word(tokens, quarterAt + 1) == "of",
           ["an", "a"].contains(word(tokens, quarterAt + 2)), isHour(word(tokens, quarterAt + 3)) {
            return Match(minutes: 15 * quarters, count: quarterAt + 4 - start)
        }
        // A compact token: "30min", "1h", "1h30", "1.5h", "45-minute", "90m"
        if let minutes = compact(head) { return Match(minutes: minutes, count: 1) }
        // "a couple of hours"
        var numberAt = start
        if head == "a", word(tokens, start + 1) == "couple" { numberAt += 1 }
        guard let numberWord = word(tokens, numberAt), var value = OfflineTokenizer.number(numberWord) else { return nil }
        var unitAt = numberAt + 1
        if numberWord == "couple", word(tokens, unitAt) == "of" { unitAt += 1 }
        // "one and a half hours"
        if word(tokens, unitAt) == "and", word(tokens, unitAt + 1) == "a", word(tokens, unitAt + 2) == "half" {
            value += 0.5
            unitAt += 3
        }
        guard let unit = word(tokens, unitAt), let scale = unitMinutes(unit, allowDays: allowDays) else { return nil }
        // "a" alone is only a number before a singular unit ("an hour", not "a 30 min").
        return Match(minutes: value * scale, count: unitAt + 1 - start)
    }

    /// "30min" "1h" "1h30" "1h30m" "1.5h" "45-minute" "2hrs"
    static func compact(_ word: String) -> Double? {
        var rest = Substring(word)
        let number = rest.prefix { $0.isNumber || $0 == "." }
        guard !number.isEmpty, let value = Double(number) else { return nil }
        rest = rest.dropFirst(number.count)
        if rest.first == "-" { rest = rest.dropFirst() }
        let unit = rest.prefix { $0.isLetter }
        guard !unit.isEmpty, let scale = unitMinutes(String(unit), allowDays: false) else { return nil }
        rest = rest.dropFirst(unit.count)
        if rest.isEmpty { return value * scale }
        // "1h30" / "1h30m": hours then minutes.
        guard scale == 60 else { return nil }
        let minutes = rest.prefix { $0.isNumber }
        let tail = rest.dropFirst(minutes.count)
        guard let extra = Double(minutes), tail.isEmpty || ["m", "min", "mins"].contains(String(tail)) else { return nil }
        return value * 60 + extra
    }

    static func unitMinutes(_ unit: String, allowDays: Bool) -> Double? {
        switch unit {
        case "m", "min", "mins", "minute", "minutes": return 1
        case "h", "hr", "hrs", "hour", "hours": return 60
        case "day", "days": return allowDays ? 1440 : nil
        case "week", "weeks": return allowDays ? 10_080 : nil
        default: return nil
        }
    }

    private static func isHour(_ word: String?) -> Bool { word == "hour" || word == "hr" || word == "h" }

    static func word(_ tokens: [OfflineToken], _ index: Int) -> String? {
        tokens.indices.contains(index) ? tokens[index].text : nil
    }
}
