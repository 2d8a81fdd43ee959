import Foundation
import Testing
@testable import ICalendar

@Suite struct RecurrenceTests {
    @Test func googleSeriesWithExdateOverrideAndCancellation() throws {
        let cal = try VCalendar(parsing: try fixture("google.ics"))
        let o = try cal.occurrences(from: utc("2026-03-01"), to: utc("2026-04-10"))
        #expect(o.map { "\(iso($0.start)) \($0.uid)" } == [
            "2026-03-02T09:00 standup-1@google.com",
            "2026-03-09T09:00 standup-1@google.com",
            "2026-03-23T10:00 standup-1@google.com", // moved to 11:00 CET by the override
            "2026-04-03T00:00 easter@google.com",
            "2026-04-06T08:00 standup-1@google.com", // CEST from 29 March
        ])
        #expect(o[2].recurrenceID == utc("2026-03-23T09:00"))
        #expect(o[2].eventIndex == 1)
        #expect(o[3].isAllDay && o[3].isTransparent && iso(o[3].end) == "2026-04-06T00:00")
        let all = try cal.occurrences(from: utc("2026-03-01"), to: utc("2026-04-10"), options: .init(includeCancelled: true))
        #expect(all.contains { iso($0.start) == "2026-03-30T08:00" && $0.status == .cancelled })
    }

    @Test func rfcWeeklyIntervalWithWeekStart() throws {
        // RFC 5545 §3.3.10: the week start changes which days fall in "every other week".
        let mo = try expand(start: "DTSTART:19970805T090000Z", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
                            from: "1997-08-01", to: "1997-10-01")
        #expect(mo == ["1997-08-05T09:00", "1997-08-10T09:00", "1997-08-19T09:00", "1997-08-24T09:00"])
        let su = try expand(start: "DTSTART:19970805T090000Z", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
                            from: "1997-08-01", to: "1997-10-01")
        #expect(su == ["1997-08-05T09:00", "1997-08-17T09:00", "1997-08-19T09:00", "1997-08-31T09:00"])
    }

    @Test func monthlyLastWeekdayBySetPos() throws {
        let r = try expand(start: "DTSTART:20260130T170000Z", rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
                           from: "2026-01-01", to: "2026-05-01")
        #expect(r == ["2026-01-30T17:00", "2026-02-27T17:00", "2026-03-31T17:00", "2026-04-30T17:00"])
    }

    @Test func monthlyNegativeMonthDayAndSkippedThirtyFirsts() throws {
        #expect(try expand(start: "DTSTART:20260131T080000Z", rule: "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3",
                           from: "2026-01-01", to: "2027-01-01") == ["2026-01-31T08:00", "2026-02-28T08:00", "2026-03-31T08:00"])
        #expect(try expand(start: "DTSTART:20260131T080000Z", rule: "FREQ=MONTHLY;COUNT=3",
                           from: "2026-01-01", to: "2027-01-01") == ["2026-01-31T08:00", "2026-03-31T08:00", "2026-05-31T08:00"])
    }

    @Test func yearlyLeapDayAndNthWeekday() throws {
        #expect(try expand(start: "DTSTART;VALUE=DATE:20240229", rule: "FREQ=YEARLY",
                           from: "2024-01-01", to: "2033-01-01") == ["2024-02-29T00:00", "2028-02-29T00:00", "2032-02-29T00:00"])
        // US Thanksgiving: fourth Thursday of November.
        #expect(try expand(start: "DTSTART;VALUE=DATE:20261126", rule: "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
                           from: "2026-01-01", to: "2029-01-01") == ["2026-11-26T00:00", "2027-11-25T00:00", "2028-11-23T00:00"])
    }

    @Test func untilInUTCAgainstAZonedStart() throws {
        // 08:00 Sydney (AEST) is 22:00Z the day before; UNTIL is compared as an instant, so
        // the instance on 3 June local (2 June 22:00Z) is one second too late.
        let r = try expand(start: "DTSTART;TZID=Australia/Sydney:20260601T080000", rule: "FREQ=DAILY;UNTIL=20260602T215959Z",
                           from: "2026-05-01", to: "2026-07-01")
        #expect(r == ["2026-05-31T22:00", "2026-06-01T22:00"])
    }

    @Test func rdateExdateAndDateExdate() throws {
        let r = try expand(start: "DTSTART;TZID=America/New_York:20260302T090000", rule: "FREQ=DAILY;COUNT=5",
                           extra: ["EXDATE;TZID=America/New_York:20260303T090000", "EXDATE;VALUE=DATE:20260305",
                                   "RDATE;TZID=America/New_York:20260310T120000"],
                           from: "2026-03-01", to: "2026-04-01")
        // New York springs forward on 8 March: 09:00 EST is 14:00Z, 12:00 EDT is 16:00Z.
        #expect(r == ["2026-03-02T14:00", "2026-03-04T14:00", "2026-03-06T14:00", "2026-03-10T16:00"])
    }

    @Test func localTimesInTheGapAndTheOverlap() throws {
        // RFC 5545: a nonexistent time takes the offset before the gap; an ambiguous one is the first.
        #expect(try expand(start: "DTSTART;TZID=Europe/Berlin:20260329T023000", rule: nil,
                           from: "2026-03-28", to: "2026-03-30") == ["2026-03-29T01:30"])
        #expect(try expand(start: "DTSTART;TZID=Europe/Berlin:20261025T023000", rule: nil,
                           from: "2026-10-24", to: "2026-10-26") == ["2026-10-25T00:30"])
    }

    @Test func libicalFallbackForHourlyAndWeekNumbers() throws {
        #expect(try expand(start: "DTSTART:20260101T000000Z", rule: "FREQ=HOURLY;INTERVAL=6;COUNT=4",
                           from: "2026-01-01", to: "2026-01-03") == ["2026-01-01T00:00", "2026-01-01T06:00",
                                                                   "2026-01-01T12:00", "2026-01-01T18:00"])
        // RFC 5545: Monday of week number 20.
        #expect(try expand(start: "DTSTART:19970512T090000Z", rule: "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
                           from: "1997-01-01", to: "2000-01-01") == ["1997-05-12T09:00", "1998-05-11T09:00", "1999-05-17T09:00"])
    }

    @Test func seekingDoesNotChangeTheResult() throws {
        // A daily rule from 1990 asked about 2030: found by seeking, same as walking.
        let far = try expand(start: "DTSTART:19900101T120000Z", rule: "FREQ=DAILY;INTERVAL=3", from: "2030-01-01", to: "2030-01-08")
        let days = (0..<20000).map { 0 + $0 * 3 }.filter {
            let t = Int64(CivilTime.days(year: 1990, month: 1, day: 1) + $0) * 86_400 + 43_200
            return t >= Int64(utc("2030-01-01").timeIntervalSince1970) && t < Int64(utc("2030-01-08").timeIntervalSince1970)
        }
        #expect(far.count == days.count && far.first == "2030-01-01T12:00")
    }

    /// The native iterator against libical's on random rules of the shapes it handles.
    @Test func nativeIteratorAgreesWithLibical() throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % UInt64(n))
        }
        let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        for _ in 0..<300 {
            let freq = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"][next(4)]
            var rule = "FREQ=\(freq);COUNT=\(1 + next(40))"
            if next(2) == 0 { rule += ";INTERVAL=\(1 + next(3))" }
            switch freq {
            case "WEEKLY": rule += ";BYDAY=" + days.filter { _ in next(3) == 0 }.joined(separator: ",")
            case "MONTHLY" where next(2) == 0: rule += ";BYMONTHDAY=\([1, 15, 28, -1][next(4)])"
            case "MONTHLY": rule += ";BYDAY=\([1, 2, -1][next(3)])\(days[next(7)])"
            case "YEARLY" where next(2) == 0: rule += ";BYMONTH=\(1 + next(12))"
            default: break
            }
            rule = rule.replacingOccurrences(of: ";BYDAY=;", with: ";").replacingOccurrences(of: ";BYDAY=", with: rule.hasSuffix("BYDAY=") ? "" : ";BYDAY=")
            if rule.hasSuffix(";") { rule.removeLast() }
            let parsed = try RecurrenceRule(parsing: rule)
            let start = LocalDateTime(year: 2026, month: 1 + next(12), day: 1 + next(28), hour: 9)
            let aligned = try #require(alignedStart(parsed, start))
            var native: [Int64] = [], reference: [Int64] = []
            RecurrenceIterator(rule: parsed, startWall: aligned, untilWall: nil).forEach(seekWall: nil) { native.append($0); return true }
            try Libical.run { () throws(ICalendarError) in
                try LibicalRecurrence(rule: parsed, startWall: aligned, isDate: false, untilWall: nil)
                    .forEach(seekWall: nil) { reference.append($0); return true }
            }
            #expect(native == reference, "\(rule) from \(LocalDateTime(wallSeconds: aligned))")
        }
    }

    /// The first instance of the rule on or after `start` (RFC 5545 leaves unaligned DTSTARTs undefined).
    private func alignedStart(_ rule: RecurrenceRule, _ start: LocalDateTime) -> Int64? {
        var open = rule
        open.count = nil
        var first: Int64?
        RecurrenceIterator(rule: open, startWall: start.wallSeconds, untilWall: nil).forEach(seekWall: nil) { w in
            if w == start.wallSeconds { return true }
            first = w
            return false
        }
        return first
    }
}
