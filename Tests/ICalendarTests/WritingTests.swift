import Foundation
import Testing
@testable import ICalendar

@Suite struct WritingTests {
    @Test(arguments: ["google.ics", "outlook.ics", "apple.ics", "generated.ics"])
    func fixturesRoundTrip(_ name: String) throws {
        let cal = try VCalendar(parsing: try fixture(name))
        let again = try VCalendar(parsing: try cal.serialized())
        #expect(again.events == cal.events)
        #expect(again.method == cal.method)
        #expect(again.otherProperties == cal.otherProperties)
        #expect(try again.occurrences(from: utc("2025-01-01"), to: utc("2027-01-01"))
            == cal.occurrences(from: utc("2025-01-01"), to: utc("2027-01-01")))
    }

    private func meeting() -> Event {
        var e = Event(uid: "booking-42@perin", start: .zoned(LocalDateTime(year: 2026, month: 3, day: 10, hour: 15), tzid: "Europe/Berlin"),
                      end: .zoned(LocalDateTime(year: 2026, month: 3, day: 10, hour: 15, minute: 30), tzid: "Europe/Berlin"),
                      summary: "Intro call; agenda: a, b\nsecond line")
        e.stamp = LocalDateTime(year: 2026, month: 3, day: 1, hour: 12)
        e.sequence = 1
        e.organizer = Participant(address: "mailto:owner@example.com", name: "Owner")
        e.attendees = [Participant(address: "mailto:guest@example.org", name: "Guest, Dr.", role: "REQ-PARTICIPANT",
                                   status: .needsAction, rsvp: true)]
        return e
    }

    @Test func requestInviteWritesAndReadsBack() throws {
        let text = try VCalendar.request(meeting()).serialized()
        #expect(text.contains("METHOD:REQUEST\r\n"))
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n")) // generated from the zone database
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("ATTENDEE;CN=\"Guest, Dr.\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:"))
        #expect(text.contains("SUMMARY:Intro call\\; agenda: a\\, b\\nsecond line\r\n"))
        #expect(text.contains("SEQUENCE:1\r\n"))
        let back = try VCalendar(parsing: text)
        #expect(back.method == .request)
        #expect(back.events == [meeting()])
        let o = try back.occurrences(from: utc("2026-03-10"), to: utc("2026-03-11"))
        #expect(o.map { iso($0.start) } == ["2026-03-10T14:00"])
    }

    @Test func cancelRaisesSequenceAndCancels() throws {
        let back = try VCalendar(parsing: try VCalendar.cancel(meeting()).serialized())
        #expect(back.method == .cancel)
        #expect(back.events[0].status == .cancelled)
        #expect(back.events[0].sequence == 2)
        #expect(back.events[0].uid == "booking-42@perin")
    }

    @Test func replyCarriesOnlyTheAnsweringAttendee() throws {
        let back = try VCalendar(parsing: try VCalendar.reply(to: meeting(), from: "mailto:GUEST@example.org", status: .accepted).serialized())
        #expect(back.method == .reply)
        #expect(back.events[0].attendees == [Participant(address: "mailto:guest@example.org", name: "Guest, Dr.",
                                                         role: "REQ-PARTICIPANT", status: .accepted)])
    }

    @Test func freeBusyMergesAndRoundTrips() throws {
        let cal = VCalendar.freeBusy(uid: "fb-1", from: utc("2026-03-10"), to: utc("2026-03-11"),
                                     busy: [(utc("2026-03-10T09:00"), utc("2026-03-10T10:00")),
                                            (utc("2026-03-10T09:30"), utc("2026-03-10T11:00")),
                                            (utc("2026-03-10T23:00"), utc("2026-03-11T02:00"))],
                                     organizer: Participant(address: "mailto:owner@example.com"))
        let text = try cal.serialized()
        #expect(text.contains("FREEBUSY;FBTYPE=BUSY:20260310T090000Z/20260310T110000Z\r\n"))
        let back = try VCalendar(parsing: text)
        let fb = try #require(back.freeBusy.first)
        #expect(fb.uid == "fb-1" && fb.start == utc("2026-03-10") && fb.end == utc("2026-03-11"))
        #expect(fb.periods == [FreeBusy.Period(start: utc("2026-03-10T09:00"), end: utc("2026-03-10T11:00")),
                               FreeBusy.Period(start: utc("2026-03-10T23:00"), end: utc("2026-03-11T00:00"))])
    }

    @Test func ruleTextRoundTrips() throws {
        for text in ["FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", "FREQ=MONTHLY;UNTIL=20261231T150000Z;BYDAY=-1FR",
                     "FREQ=YEARLY;UNTIL=20300101;BYDAY=4TH;BYMONTH=11", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"] {
            #expect(try RecurrenceRule(parsing: text).description == text)
        }
    }
}
