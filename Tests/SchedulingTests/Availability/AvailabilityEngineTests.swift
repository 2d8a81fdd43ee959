import Foundation
import ICalendar
import Scheduling
import Testing

/// Exact slots, written as UTC instants (`2026-03-02T08:00`), for the hard days.
@Suite struct AvailabilityEngineTests {
    private func zone(_ id: String) throws -> TimeZone { try #require(TimeZone(identifier: id)) }

    private func slots(_ rules: AvailabilityRules, busy: [BusyInterval] = [], from: String, to: String,
                       now: String = "2020-01-01") -> [String] {
        AvailabilityEngine.freeSlots(busy: busy, rules: rules, from: utc(from), to: utc(to), now: utc(now)).map { iso($0.start) }
    }

    private func rules(_ zoneID: String, _ range: TimeRange, minutes: Int = 60, interval: Int = 60) throws -> AvailabilityRules {
        var r = AvailabilityRules.weekdays(range, in: try zone(zoneID))
        r.meetingDuration = TimeInterval(minutes * 60)
        r.slotInterval = TimeInterval(interval * 60)
        r.bookingHorizon = nil
        return r
    }

    @Test func busyTimeAndBuffers() throws {
        var r = try rules("Europe/Berlin", TimeRange(9, to: 12), interval: 30)
        let busy = [BusyInterval(start: utc("2026-03-02T09:00"), end: utc("2026-03-02T09:30"))] // 10:00-10:30 CET
        #expect(slots(r, busy: busy, from: "2026-03-02", to: "2026-03-03")
            == ["2026-03-02T08:00", "2026-03-02T09:30", "2026-03-02T10:00"])
        r.bufferAfter = 15 * 60
        r.bufferBefore = 15 * 60
        #expect(slots(r, busy: busy, from: "2026-03-02", to: "2026-03-03") == ["2026-03-02T10:00"])
    }

    @Test func berlinSpringForwardNight() throws {
        // Sunday 29 March 2026, 00:00-06:00 local: 02:00-03:00 does not exist, so five hours.
        var r = try rules("Europe/Berlin", TimeRange(9, to: 10))
        r.dateOverrides[LocalDateTime(year: 2026, month: 3, day: 29)] = [TimeRange(0, to: 6)]
        let got = AvailabilityEngine.freeSlots(busy: [], rules: r, from: utc("2026-03-28T12:00"), to: utc("2026-03-29T12:00"),
                                               now: utc("2020-01-01"))
        #expect(got.map { iso($0.start) } == ["2026-03-28T23:00", "2026-03-29T00:00", "2026-03-29T01:00", "2026-03-29T02:00", "2026-03-29T03:00"])
        let berlin = try zone("Europe/Berlin")
        #expect(got.map { $0.localStart(in: berlin).hour } == [0, 1, 3, 4, 5])
        // 09:00 is 08:00Z on the Friday before and 07:00Z on the Monday after.
        #expect(slots(r, from: "2026-03-27", to: "2026-03-31") == ["2026-03-27T08:00", "2026-03-28T23:00", "2026-03-29T00:00",
                                                                   "2026-03-29T01:00", "2026-03-29T02:00", "2026-03-29T03:00",
                                                                   "2026-03-30T07:00"])
    }

    @Test func newYorkFallBackNight() throws {
        // Sunday 1 November 2026, 00:00-04:00 local: 01:00-02:00 happens twice, so five hours.
        var r = try rules("America/New_York", TimeRange(9, to: 10))
        r.dateOverrides[LocalDateTime(year: 2026, month: 11, day: 1)] = [TimeRange(0, to: 4)]
        #expect(slots(r, from: "2026-11-01", to: "2026-11-02")
            == ["2026-11-01T04:00", "2026-11-01T05:00", "2026-11-01T06:00", "2026-11-01T07:00", "2026-11-01T08:00"])
        // 09:00 is 13:00Z on the Friday before (EDT) and 14:00Z on the Monday after (EST).
        #expect(slots(r, from: "2026-10-30", to: "2026-11-03") == ["2026-10-30T13:00", "2026-11-01T04:00", "2026-11-01T05:00",
                                                                   "2026-11-01T06:00", "2026-11-01T07:00", "2026-11-01T08:00",
                                                                   "2026-11-02T14:00"])
    }

    @Test func sydneyDaylightStarts() throws {
        // DST starts Sunday 4 October 2026: 09:00 is 23:00Z the day before under AEST, 22:00Z under AEDT.
        let r = try rules("Australia/Sydney", TimeRange(9, to: 10))
        #expect(slots(r, from: "2026-10-01", to: "2026-10-06") == ["2026-10-01T23:00", "2026-10-04T22:00", "2026-10-05T22:00"])
    }

    @Test func kolkataHalfHourZoneShownInLondon() throws {
        let r = try rules("Asia/Kolkata", TimeRange(9, to: 10), minutes: 30, interval: 30)
        let got = AvailabilityEngine.freeSlots(busy: [], rules: r, from: utc("2026-06-01"), to: utc("2026-06-02"), now: utc("2020-01-01"))
        #expect(got.map { iso($0.start) } == ["2026-06-01T03:30", "2026-06-01T04:00"])
        let london = try zone("Europe/London")
        #expect(got.map { "\($0.localStart(in: london))" } == ["20260601T043000", "20260601T050000"])
    }

    @Test func acrossTheDateLine() throws {
        // Kiritimati (UTC+14) Monday 1 June 09:00 is Sunday 31 May 09:00 in Honolulu (UTC-10).
        let kiri = try rules("Pacific/Kiritimati", TimeRange(9, to: 10))
        let got = AvailabilityEngine.freeSlots(busy: [], rules: kiri, from: utc("2026-05-30"), to: utc("2026-06-02"), now: utc("2020-01-01"))
        #expect(got.map { iso($0.start) } == ["2026-05-31T19:00", "2026-06-01T19:00"])
        let slot = try #require(got.first)
        #expect("\(slot.localStart(in: try zone("Pacific/Kiritimati")))" == "20260601T090000")
        #expect("\(slot.localStart(in: try zone("Pacific/Honolulu")))" == "20260531T090000")
        #expect("\(slot.localStart(in: try zone("Pacific/Auckland")))" == "20260601T070000")
        // Auckland owner (NZDT, UTC+13 in January) seen from Honolulu: Monday 09:00 is Sunday 10:00.
        let akl = try rules("Pacific/Auckland", TimeRange(9, to: 10))
        let a = AvailabilityEngine.freeSlots(busy: [], rules: akl, from: utc("2026-01-04T12:00"), to: utc("2026-01-05T12:00"), now: utc("2020-01-01"))
        #expect(a.map { iso($0.start) } == ["2026-01-04T20:00"])
        #expect("\(a[0].localStart(in: try zone("Pacific/Honolulu")))" == "20260104T100000")
    }

    @Test func minimumNoticeAndHorizon() throws {
        var r = try rules("Europe/Berlin", TimeRange(9, to: 12))
        r.minimumNotice = 2 * 3600
        r.bookingHorizon = 26 * 3600
        // now = Monday 09:00 CET: the first slot is 11:00 CET, the last starts Tuesday 11:00 CET.
        #expect(slots(r, from: "2026-03-02", to: "2026-03-07", now: "2026-03-02T08:00")
            == ["2026-03-02T10:00", "2026-03-03T08:00", "2026-03-03T09:00", "2026-03-03T10:00"])
    }

    @Test func dateOverridesAndDailyCap() throws {
        var r = try rules("Europe/Berlin", TimeRange(9, to: 10))
        r.dateOverrides[LocalDateTime(year: 2026, month: 3, day: 4)] = [] // Wednesday blocked
        r.dateOverrides[LocalDateTime(year: 2026, month: 3, day: 7)] = [TimeRange(14, to: 15)] // an extra Saturday
        r.dailyCap = 1
        let busy = [BusyInterval(start: utc("2026-03-03T14:00"), end: utc("2026-03-03T15:00"))] // Tuesday has its meeting
        #expect(slots(r, busy: busy, from: "2026-03-02", to: "2026-03-09")
            == ["2026-03-02T08:00", "2026-03-05T08:00", "2026-03-06T08:00", "2026-03-07T13:00"])
    }

    @Test func busyFromACalendarFile() throws {
        let text = (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN",
                     "BEGIN:VEVENT", "UID:a", "DTSTART;TZID=Europe/Berlin:20260302T090000", "DTEND;TZID=Europe/Berlin:20260302T100000",
                     "RRULE:FREQ=DAILY;COUNT=3", "END:VEVENT",
                     "BEGIN:VEVENT", "UID:b", "DTSTART;TZID=Europe/Berlin:20260302T100000", "DTEND;TZID=Europe/Berlin:20260302T110000",
                     "TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]).joined(separator: "\r\n")
        let cal = try VCalendar(parsing: text)
        let busy = BusyInterval.from(try cal.occurrences(from: utc("2026-03-02"), to: utc("2026-03-05")))
        #expect(busy.count == 3)
        let r = try rules("Europe/Berlin", TimeRange(9, to: 11))
        #expect(slots(r, busy: busy, from: "2026-03-02", to: "2026-03-05")
            == ["2026-03-02T09:00", "2026-03-03T09:00", "2026-03-04T09:00"])
        let fb = FreeBusy(start: utc("2026-03-02"), end: utc("2026-03-03"),
                          periods: [.init(start: utc("2026-03-02T08:00"), end: utc("2026-03-02T09:00")),
                                    .init(start: utc("2026-03-02T09:00"), end: utc("2026-03-02T10:00"), kind: .free)])
        #expect(BusyInterval.from(fb).count == 1)
    }
}

private func utc(_ text: String) -> Date {
    let p = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0)! }
    let l = LocalDateTime(year: p[0], month: p[1], day: p[2], hour: p.count > 3 ? p[3] : 0, minute: p.count > 4 ? p[4] : 0)
    return Date(timeIntervalSince1970: TimeInterval(l.wallSeconds))
}

private func iso(_ date: Date) -> String {
    let l = LocalDateTime(wallSeconds: Int64(date.timeIntervalSince1970))
    func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(l.year)-\(p(l.month))-\(p(l.day))T\(p(l.hour)):\(p(l.minute))"
}
