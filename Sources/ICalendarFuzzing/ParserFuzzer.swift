import Foundation
import ICalendar

/// Mutation fuzzing of parse → expand → write → parse: byte flips, token insertions
/// (rules, zones, BEGIN/END, NUL, BOM), deletions, truncations and duplications of seed
/// files. A crash is the failure; typed errors are expected.
public struct ParserFuzzer {
    public var state: UInt64
    public let seeds: [[UInt8]]
    public var mismatches = 0

    public init(state: UInt64, seeds: [[UInt8]]) {
        self.state = state
        self.seeds = seeds
    }
    static let tokens = ["BEGIN:VEVENT\r\n", "END:VEVENT\r\n", "BEGIN:VALARM\r\n", "RRULE:FREQ=WEEKLY;BYDAY=MO,-1FR;BYSETPOS=1\r\n",
                         "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=5\r\n", "RRULE:FREQ=HOURLY;BYHOUR=9\r\n",
                         "RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO\r\n", "EXDATE;TZID=Europe/Berlin:20260105T090000\r\n",
                         "DTSTART;TZID=Nowhere/Zone:20260101T000000\r\n", "DTSTART;VALUE=DATE:20260230\r\n",
                         "RECURRENCE-ID:20260105T090000Z\r\n", "RDATE;VALUE=PERIOD:20260101T000000Z/PT1H\r\n",
                         " folded", "\r\n", ";", ":", ",", "\"", "=", "Z", "T", "99999999", "-1", "\u{0}", "\u{FEFF}", "\\n"]

    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var b = input
        for _ in 0...(next() % 6) {
            let pos = b.isEmpty ? 0 : Int(next() % UInt64(b.count))
            switch next() % 7 {
            case 0: if !b.isEmpty { b[pos] = UInt8(truncatingIfNeeded: next()) }
            case 1: b.insert(contentsOf: Array(Self.tokens[Int(next() % UInt64(Self.tokens.count))].utf8), at: pos)
            case 2: if !b.isEmpty { b.removeSubrange(pos..<min(b.count, pos + Int(next() % 64))) }
            case 3: b = Array(b.prefix(pos))
            case 4: if !b.isEmpty { let n = min(b.count - pos, Int(next() % 200)); b.insert(contentsOf: b[pos..<(pos + n)], at: pos) }
            case 5: if !b.isEmpty, b[pos] >= 48, b[pos] <= 57 { b[pos] = 48 + UInt8(next() % 10) }
            default: b.insert(UInt8(truncatingIfNeeded: next()), at: pos)
            }
        }
        return b
    }

    public mutating func run(seconds: Double) -> (iterations: Int, parsed: Int, occurrences: Int) {
        let deadline = Date().addingTimeInterval(seconds)
        var iterations = 0, parsed = 0, occurrences = 0
        mismatches = 0
        let from = Date(timeIntervalSince1970: 1_735_689_600), to = Date(timeIntervalSince1970: 1_767_225_600)
        while Date() < deadline {
            for _ in 0..<50 {
                iterations += 1
                let input = mutate(seeds[Int(next() % UInt64(seeds.count))])
                guard let cal = try? VCalendar(parsing: Data(input)) else { continue }
                parsed += 1
                if let occ = try? cal.occurrences(from: from, to: to, options: .init(maxOccurrences: 200_000)) {
                    occurrences += occ.count
                }
                var stamped = cal
                for i in stamped.events.indices where stamped.events[i].stamp == nil {
                    stamped.events[i].stamp = LocalDateTime(year: 2026, month: 1, day: 1)
                }
                if let text = try? stamped.serialized() {
                    guard let again = try? VCalendar(parsing: text) else {
                        FileHandle.standardError.write(Data("round trip failed to re-parse:\n\(text)\n".utf8))
                        continue
                    }
                    if again.events != stamped.events { mismatches += 1 }
                }
            }
        }
        return (iterations, parsed, occurrences)
    }
}
