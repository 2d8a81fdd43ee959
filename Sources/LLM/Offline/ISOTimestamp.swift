public import Foundation

/// Reads ISO 8601 dates and date-times without a formatter (formatters are not `Sendable`
/// and vary by platform): `2026-11-24`, `2026-11-24T10:00`, `2026-11-24T10:00:00.000+01:00`,
/// `…Z`. A time without an offset is local time in the given zone.
public enum ISOTimestamp {
    public struct Parsed: Sendable, Hashable {
        public var date: Date
        /// False for a bare date (`2026-11-24`), which means the whole day.
        public var hasTime: Bool
    }

    public static func parse(_ text: String, in clock: UserClock) -> Parsed? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= chars.count else { return nil }
            let slice = chars[index..<index + count]
            guard slice.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            index += count
            return Int(String(slice))
        }
        func expect(_ character: Character) -> Bool {
            guard index < chars.count, chars[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2) else { return nil }
        guard index < chars.count, chars[index] == "T" || chars[index] == "t" || chars[index] == " " else {
            guard index == chars.count, let date = clock.date(year: year, month: month, day: day) else { return nil }
            return Parsed(date: date, hasTime: false)
        }
        index += 1
        guard let hour = digits(2), expect(":"), let minute = digits(2) else { return nil }
        var second = 0
        if expect(":") {
            guard let value = digits(2) else { return nil }
            second = value
            if expect(".") { while index < chars.count, chars[index].isNumber { index += 1 } }
        }
        var offset: Int?
        if expect("Z") || expect("z") {
            offset = 0
        } else if index < chars.count, chars[index] == "+" || chars[index] == "-" {
            let sign = chars[index] == "-" ? -1 : 1
            index += 1
            guard let hours = digits(2) else { return nil }
            _ = expect(":")
            let minutes = digits(2) ?? 0
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard index == chars.count else { return nil }
        if let offset {
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(secondsFromGMT: 0)!
            let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            guard let date = utc.date(from: parts) else { return nil }
            return Parsed(date: date.addingTimeInterval(TimeInterval(-offset)), hasTime: true)
        }
        guard let local = clock.date(year: year, month: month, day: day, hour: hour, minute: minute) else { return nil }
        return Parsed(date: local.addingTimeInterval(TimeInterval(second)), hasTime: true)
    }

    /// Every ISO date-time inside a longer text, in order (for tool results and prompts).
    public static func all(in text: String, clock: UserClock) -> [Date] {
        var found: [Date] = []
        let chars = Array(text)
        var index = 0
        while index + 16 <= chars.count {
            if chars[index].isNumber, index + 4 < chars.count, chars[index + 4] == "-",
               index == 0 || !chars[index - 1].isNumber {
                var end = index
                while end < chars.count, chars[end].isNumber || "-:+.TZtz".contains(chars[end]) { end += 1 }
                if let parsed = parse(String(chars[index..<end]), in: clock), parsed.hasTime {
                    found.append(parsed.date)
                }
                index = end
            } else {
                index += 1
            }
        }
        return found
    }
}
