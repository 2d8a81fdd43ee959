import Foundation
import Testing
@testable import ICalendar

@Suite struct ParsingTests {
    @Test func googleExport() throws {
        let cal = try VCalendar(parsing: try fixture("google.ics"))
        #expect(cal.method == .publish)
        #expect(cal.productID == "-//Google Inc//Google Calendar 70.9054//EN")
        #expect(cal.otherProperties.contains { $0.name == "X-WR-CALNAME" && $0.value == "owner@example.com" })
        #expect(cal.timeZones.keys.sorted() == ["Europe/Berlin"])
        #expect(cal.events.count == 4)
        let master = cal.events[0]
        #expect(master.uid == "standup-1@google.com")
        #expect(master.sequence == 2)
        #expect(master.start == .zoned(LocalDateTime(year: 2026, month: 3, day: 2, hour: 10), tzid: "Europe/Berlin"))
        #expect(master.recurrenceRule?.description == "FREQ=WEEKLY;BYDAY=MO")
        #expect(master.exceptionDates == [.zoned(LocalDateTime(year: 2026, month: 3, day: 16, hour: 10), tzid: "Europe/Berlin")])
        #expect(master.organizer == Participant(address: "mailto:owner@example.com", name: "Owner"))
        #expect(master.attendees.count == 2)
        #expect(master.attendees[1] == Participant(address: "mailto:jane@example.com", name: "Doe, Jane",
                                                   role: "REQ-PARTICIPANT", status: .needsAction, rsvp: true))
        #expect(master.attendees[1].email == "jane@example.com")
        #expect(master.details?.hasSuffix("seventy-five octets so the parser must unfold it correctly.") == true)
        #expect(master.details?.contains("Weekly standup.\nJoin with Google Meet") == true)
        #expect(master.otherProperties.contains { $0.line == "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij" })
        #expect(master.otherComponents.count == 1 && master.otherComponents[0].hasPrefix("BEGIN:VALARM"))
        #expect(cal.events[1].recurrenceID == .zoned(LocalDateTime(year: 2026, month: 3, day: 23, hour: 10), tzid: "Europe/Berlin"))
        #expect(cal.events[2].status == .cancelled)
        #expect(cal.events[3].start == .date(LocalDateTime(year: 2026, month: 4, day: 3)))
        #expect(cal.events[3].isTransparent)
    }

    @Test func outlookExportWithWindowsZoneName() throws {
        let cal = try VCalendar(parsing: try fixture("outlook.ics"))
        #expect(cal.method == .request)
        let e = try #require(cal.events.first)
        #expect(e.start.tzid == "Eastern Standard Time")
        #expect(e.recurrenceRule?.until == .utc(LocalDateTime(year: 2026, month: 12, day: 31, hour: 15)))
        #expect(e.attendees.first?.rsvp == true)
        #expect(e.otherProperties.contains { $0.name == "X-MICROSOFT-CDO-BUSYSTATUS" && $0.value == "TENTATIVE" })
        // Quarterly on the first Thursday, 10:00 New York time (EST in January, EDT after).
        let starts = try cal.occurrences(from: utc("2026-01-01"), to: utc("2027-06-01")).map { iso($0.start) }
        #expect(starts == ["2026-01-08T15:00", "2026-04-02T14:00", "2026-07-02T14:00", "2026-10-01T14:00"])
    }

    @Test func appleExportWithLFLineEndingsAcrossSydneyDSTEnd() throws {
        let cal = try VCalendar(parsing: try fixture("apple.ics"))
        let run = try cal.occurrences(from: utc("2026-04-01"), to: utc("2026-04-09")).filter { $0.uid.hasPrefix("5F3C") }
        // Daylight time ends on 5 April 2026 at 03:00 AEDT: 09:00 local moves from 22:00Z to 23:00Z.
        #expect(run.map { iso($0.start) } == ["2026-04-02T22:00", "2026-04-03T22:00", "2026-04-04T23:00",
                                              "2026-04-05T23:00", "2026-04-06T23:00"])
        #expect(run.allSatisfy { $0.end.timeIntervalSince($0.start) == 1800 })
        let lunch = try cal.occurrences(from: utc("2026-04-01"), to: utc("2026-05-01")).filter { $0.uid == "floating-lunch@apple" }
        #expect(lunch.map { iso($0.start) } == ["2026-04-10T12:30", "2026-04-17T12:30", "2026-04-24T12:30"])
    }

    @Test func generatedCalendarParses() throws {
        let cal = try VCalendar(parsing: try fixture("generated.ics"))
        #expect(cal.events.count == 40)
        #expect(cal.events.allSatisfy { $0.uid.hasSuffix("@bench") })
    }

    @Test func durationInsteadOfDtend() throws {
        let cal = try VCalendar(parsing: calendar(["BEGIN:VEVENT", "UID:d", "DTSTART:20260105T090000Z", "DURATION:PT1H30M", "END:VEVENT"]))
        #expect(cal.events[0].duration == 5400)
        let o = try cal.occurrences(from: utc("2026-01-05"), to: utc("2026-01-06"))
        #expect(o.map { iso($0.end) } == ["2026-01-05T10:30"])
    }
}
