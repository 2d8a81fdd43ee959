import Foundation
import Testing
@testable import ICalendar

@Suite struct MalformedInputTests {
    private func code(_ text: String) -> ICalendarError.Code? {
        do {
            _ = try VCalendar(parsing: text)
            return nil
        } catch {
            return error.code
        }
    }

    private func event(_ lines: [String]) -> String {
        calendar(["BEGIN:VEVENT", "UID:u", "DTSTAMP:20260101T000000Z"] + lines + ["END:VEVENT"])
    }

    @Test func truncated() throws {
        let text = try fixture("google.ics")
        #expect(code(String(text.prefix(text.count / 2))) == .malformed)
        #expect(code(String(text.prefix(10))) == .malformed)
        #expect(code("") == .malformed)
    }

    @Test func binary() {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var x: UInt32 = 7
        for i in bytes.indices { x = x &* 1_103_515_245 &+ 12345; bytes[i] = UInt8(truncatingIfNeeded: x >> 16) }
        #expect(throws: ICalendarError.self) { try VCalendar(parsing: Data(bytes)) }
        #expect((try? VCalendar(parsing: Data([0xFF, 0xFE, 0x00, 0x42]))) == nil)
        #expect(code("BEGIN:VCALENDAR\r\nX-A:\u{0}\r\nEND:VCALENDAR\r\n") == .notText)
        do {
            _ = try VCalendar(parsing: Data([0x42, 0x45, 0xC3, 0x28]))
            Issue.record("invalid UTF-8 parsed")
        } catch {
            #expect(error.code == .notText)
        }
    }

    @Test func tenMegabyteLine() {
        let huge = "X-BLOB:" + String(repeating: "A", count: 10 << 20)
        #expect(code(calendar([huge])) == .tooLarge)
        // Folding does not hide a long logical line.
        let folded = "X-BLOB:" + Array(repeating: String(repeating: "B", count: 74), count: 20_000).joined(separator: "\r\n ")
        #expect(code(calendar([folded])) == .tooLarge)
    }

    @Test func deeplyNested() {
        let depth = 10_000
        let text = calendar(Array(repeating: "BEGIN:VEVENT", count: depth) + Array(repeating: "END:VEVENT", count: depth))
        #expect(code(text) == .nestingTooDeep)
    }

    @Test func structure() {
        #expect(code("BEGIN:VEVENT\r\nEND:VEVENT\r\n") == .malformed)
        #expect(code(calendar(["BEGIN:VEVENT", "END:VTODO"])) == .malformed)
        #expect(code(calendar([]) + calendar([])) == .malformed)
        #expect(code("hello world") == .malformed)
    }

    @Test func badDates() {
        #expect(code(event(["DTSTART:20261340T250000"])) == .invalidValue)
        #expect(code(event(["DTSTART:20260230T100000"])) == .invalidValue)
        #expect(code(event(["DTSTART:2026"])) == .invalidValue)
        #expect(code(event(["DTSTART:20260101T100000Z", "DTEND:garbage"])) == .invalidValue)
        #expect(code(event(["DTSTART:20260101T100000Z", "EXDATE:notadate"])) == .invalidValue)
    }

    @Test func unknownTimeZone() {
        #expect(code(event(["DTSTART;TZID=Mars/Olympus_Mons:20260101T100000"])) == .unknownTimeZone)
        #expect(code(event(["DTSTART:20260101T100000Z", "EXDATE;TZID=Nowhere:20260102T100000"])) == .unknownTimeZone)
    }

    @Test func missingAndBadProperties() {
        #expect(code(calendar(["BEGIN:VEVENT", "DTSTART:20260101T100000Z", "END:VEVENT"])) == .missingProperty)
        #expect(code(event(["SUMMARY:no start"])) == .missingProperty)
        #expect(code(event(["DTSTART:20260101T100000Z", "RRULE:FREQ=FORTNIGHTLY"])) == .invalidRecurrenceRule)
        #expect(code(event(["DTSTART:20260101T100000Z", "RRULE:FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z"])) == .invalidRecurrenceRule)
    }

    @Test func hostileTimeZoneRule() {
        let text = calendar(["BEGIN:VTIMEZONE", "TZID:Evil", "BEGIN:STANDARD", "DTSTART:16010101T000000",
                             "RRULE:FREQ=SECONDLY", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "END:STANDARD", "END:VTIMEZONE",
                             "BEGIN:VEVENT", "UID:u", "DTSTART;TZID=Evil:20260101T100000", "END:VEVENT"])
        #expect(code(text) == .invalidValue)
    }

    @Test func expansionIsBounded() throws {
        let cal = try VCalendar(parsing: event(["DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY"]))
        #expect(throws: ICalendarError.self) {
            try cal.occurrences(from: utc("2026-01-01"), to: utc("2027-01-01"), options: .init(maxOccurrences: 10_000))
        }
    }
}
