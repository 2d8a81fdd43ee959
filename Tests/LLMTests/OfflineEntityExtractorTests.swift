import Foundation
import Testing
@testable import LLM

/// Dates and times are checked in two zones, each against Saturday 21 Nov 2026 10:00 local.
struct OfflineDateCase: Sendable, CustomTestStringConvertible {
    let phrase: String
    /// Local wall-clock start and end ("2026-11-22T15:00"); end nil for a point in time.
    let start: String
    let end: String?
    let precision: DateMention.Precision
    var testDescription: String { phrase }

    init(_ phrase: String, _ start: String, _ end: String? = nil, _ precision: DateMention.Precision = .minute) {
        self.phrase = phrase
        self.start = start
        self.end = end
        self.precision = precision
    }
}

let offlineDateCases: [OfflineDateCase] = [
    .init("tomorrow at 3pm", "2026-11-22T15:00"),
    .init("next Tuesday morning", "2026-11-24T09:00", "2026-11-24T12:00", .partOfDay),
    .init("Fri 10:30", "2026-11-27T10:30"),
    .init("in 2 hours", "2026-11-21T12:00"),
    .init("on the 14th", "2026-12-14T00:00", "2026-12-15T00:00", .day),
    .init("today at noon", "2026-11-21T12:00"),
    .init("next week", "2026-11-23T00:00", "2026-11-30T00:00", .week),
    .init("at 10", "2026-11-22T10:00"),
    .init("at 11", "2026-11-21T11:00"),
    .init("2026-12-01", "2026-12-01T00:00", "2026-12-02T00:00", .day),
    .init("2026-12-01T09:30", "2026-12-01T09:30"),
    .init("Monday 2-3pm", "2026-11-23T14:00", "2026-11-23T15:00"),
    .init("tomorrow from 9 to 10:30", "2026-11-22T09:00", "2026-11-22T10:30"),
    .init("between 1 and 3 on Wednesday", "2026-11-25T13:00", "2026-11-25T15:00"),
    .init("Dec 3 at 4pm", "2026-12-03T16:00"),
    .init("14 December", "2026-12-14T00:00", "2026-12-15T00:00", .day),
    .init("the 1st", "2026-12-01T00:00", "2026-12-02T00:00", .day),
    .init("this afternoon", "2026-11-21T13:00", "2026-11-21T17:00", .partOfDay),
    .init("tonight", "2026-11-21T19:00", "2026-11-21T23:00", .partOfDay),
    .init("in 30 minutes", "2026-11-21T10:30"),
    .init("in an hour", "2026-11-21T11:00"),
    .init("in half an hour", "2026-11-21T10:30"),
    .init("in 3 days", "2026-11-24T00:00", "2026-11-25T00:00", .day),
    .init("the day after tomorrow at 9am", "2026-11-23T09:00"),
    .init("Saturday at 4", "2026-11-21T16:00"),
    .init("Saturday at 9", "2026-11-28T09:00"),
    .init("Tuesday next week at 11", "2026-11-24T11:00"),
    .init("next Saturday", "2026-11-28T00:00", "2026-11-29T00:00", .day),
    .init("tomorrow evening", "2026-11-22T17:00", "2026-11-22T21:00", .partOfDay),
    .init("at 7:45pm tomorrow", "2026-11-22T19:45"),
    .init("noon on Thursday", "2026-11-26T12:00"),
    .init("Jan 5", "2027-01-05T00:00", "2027-01-06T00:00", .day),
    .init("at 8 in the evening", "2026-11-21T20:00"),
    .init("Thursday morning at 8:30", "2026-11-26T08:30"),
    .init("10am", "2026-11-22T10:00"),
    .init("Dec 24th 2026 at 18:00", "2026-12-24T18:00"),
]

@Suite struct OfflineEntityExtractorTests {
    @Test(arguments: offlineDateCases, [OfflineFixtures.berlin, OfflineFixtures.newYork])
    func resolvesDates(_ example: OfflineDateCase, zone: TimeZone) throws {
        let clock = OfflineFixtures.clock(zone)
        let mention = try #require(EntityExtractor(clock: clock).extract(example.phrase).date)
        #expect(mention.start == OfflineFixtures.local(example.start, zone), "\(clock.iso(mention.start))")
        #expect(mention.end == example.end.map { OfflineFixtures.local($0, zone) }, "\(mention.end.map(clock.iso) ?? "nil")")
        #expect(mention.precision == example.precision)
    }

    /// Weeks in which the clocks change: local times keep their wall-clock value and the
    /// offset changes; "in N hours" stays an exact interval.
    @Test(arguments: [
        ("Europe/Berlin", "2026-10-23T10:00", "Monday at 10", "2026-10-26T10:00:00+01:00"),
        ("Europe/Berlin", "2026-10-23T10:00", "Saturday at noon", "2026-10-24T12:00:00+02:00"),
        ("Europe/Berlin", "2026-10-23T10:00", "Sunday at noon", "2026-10-25T12:00:00+01:00"),
        ("Europe/Berlin", "2026-10-23T10:00", "in 72 hours", "2026-10-26T09:00:00+01:00"),
        ("Europe/Berlin", "2026-10-23T10:00", "next week", "2026-10-26T00:00:00+01:00"),
        ("Europe/Berlin", "2026-03-27T10:00", "Monday at 9", "2026-03-30T09:00:00+02:00"),
        ("Europe/Berlin", "2026-03-27T10:00", "Sunday at 3pm", "2026-03-29T15:00:00+02:00"),
        ("America/New_York", "2026-10-30T10:00", "Monday at 10", "2026-11-02T10:00:00-05:00"),
        ("America/New_York", "2026-10-30T10:00", "Sunday at noon", "2026-11-01T12:00:00-05:00"),
        ("America/New_York", "2026-10-30T10:00", "in 72 hours", "2026-11-02T09:00:00-05:00"),
        ("America/New_York", "2026-10-30T10:00", "tomorrow at 10", "2026-10-31T10:00:00-04:00"),
        ("America/New_York", "2026-03-06T10:00", "Monday 9am", "2026-03-09T09:00:00-04:00"),
        ("America/New_York", "2026-03-06T10:00", "in 48 hours", "2026-03-08T11:00:00-04:00"),
    ])
    func resolvesAcrossDSTChanges(zone: String, now: String, phrase: String, expected: String) throws {
        let clock = OfflineFixtures.clock(TimeZone(identifier: zone)!, now)
        let mention = try #require(EntityExtractor(clock: clock).extract(phrase).date)
        #expect(clock.iso(mention.start) == expected)
    }

    @Test func aDayAcrossTheAutumnChangeIs25Hours() throws {
        let clock = OfflineFixtures.clock(OfflineFixtures.berlin, "2026-10-23T10:00")
        let mention = try #require(EntityExtractor(clock: clock).extract("what's on Sunday").date)
        #expect(clock.iso(mention.start) == "2026-10-25T00:00:00+02:00")
        #expect(mention.end.map(clock.iso) == "2026-10-26T00:00:00+01:00")
        #expect(mention.end!.timeIntervalSince(mention.start) == 25 * 3600)
    }

    @Test(arguments: [
        ("30 min", 30), ("1h", 60), ("an hour and a half", 90), ("45 minutes", 45), ("2 hours", 120),
        ("half an hour", 30), ("1h30", 90), ("a 90-minute review", 90), ("1.5 hours", 90),
        ("1 hour 15 minutes", 75), ("a quarter of an hour", 15), ("for a couple of hours", 120),
        ("three quarters of an hour", 45), ("an hour", 60), ("20 mins", 20), ("2hrs", 120),
    ])
    func readsDurations(phrase: String, minutes: Int) {
        let entities = EntityExtractor(clock: OfflineFixtures.clock(OfflineFixtures.berlin)).extract(phrase)
        #expect(entities.durationMinutes == minutes)
    }

    @Test func aRelativeTimeIsNotADuration() {
        let entities = EntityExtractor(clock: OfflineFixtures.clock(OfflineFixtures.berlin)).extract("call Dana in 2 hours for 15 minutes")
        #expect(entities.durationMinutes == 15)
        #expect(entities.date.map { OfflineFixtures.clock(OfflineFixtures.berlin).iso($0.start) } == "2026-11-21T12:00:00+01:00")
        #expect(entities.people == ["Dana"])
    }

    @Test(arguments: [
        ("Schedule lunch with Sam Lee and Dana on Friday", ["Sam Lee", "Dana"], [String](), "lunch"),
        ("Set up a call with Priya tomorrow", ["Priya"], [], "call"),
        ("Invite dana@example.com to a sync at 3pm", [], ["dana@example.com"], "sync"),
        ("Meet Jordan on Monday", ["Jordan"], [], ""),
        ("Book the dentist Friday at 9", [], [], "dentist"),
    ])
    func findsPeopleEmailsAndTopic(phrase: String, people: [String], emails: [String], topic: String) {
        let entities = EntityExtractor(clock: OfflineFixtures.clock(OfflineFixtures.berlin)).extract(phrase)
        #expect(entities.people == people)
        #expect(entities.emails == emails)
        #expect(entities.topic == topic)
    }

    @Test(arguments: [
        ("I'm Alex Smith, alex@example.com", "Alex Smith"), ("my name is Priya", "Priya"),
        ("Hi, this is Jordan Lee", "Jordan Lee"), ("I am Sam", "Sam"),
    ])
    func findsTheSpeakersName(phrase: String, name: String) {
        #expect(EntityExtractor(clock: OfflineFixtures.clock(OfflineFixtures.berlin)).extract(phrase).selfName == name)
    }

    @Test(arguments: [("accept the first one", 1), ("decline the second", 2), ("option 3 please", 3), ("the last one", -1)])
    func readsOrdinals(phrase: String, ordinal: Int) {
        #expect(EntityExtractor(clock: OfflineFixtures.clock(OfflineFixtures.berlin)).extract(phrase).ordinal == ordinal)
    }
}
