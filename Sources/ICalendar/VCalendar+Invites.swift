public import Foundation

/// iTIP messages (RFC 5546): what an organizer sends, and what an attendee answers.
extension VCalendar {
    /// METHOD:REQUEST — a new invitation, or an update when `event.sequence` was raised.
    public static func request(_ event: Event) -> VCalendar {
        VCalendar(method: .request, events: [event])
    }

    /// METHOD:CANCEL — the event (or one instance, when `recurrenceID` is set) is off.
    /// STATUS becomes CANCELLED and SEQUENCE goes up by one, as attendees' clients expect.
    public static func cancel(_ event: Event) -> VCalendar {
        var cancelled = event
        cancelled.status = .cancelled
        cancelled.sequence += 1
        return VCalendar(method: .cancel, events: [cancelled])
    }

    /// METHOD:REPLY — one attendee's answer: the event with only that attendee, whose
    /// PARTSTAT is `status`.
    public static func reply(to event: Event, from address: String, status: Participant.Status) -> VCalendar {
        var answer = event
        let known = event.attendees.first { $0.email.lowercased() == Participant(address: address).email.lowercased() }
        var attendee = known ?? Participant(address: address)
        attendee.status = status
        attendee.rsvp = nil
        answer.attendees = [attendee]
        return VCalendar(method: .reply, events: [answer])
    }

    /// METHOD:PUBLISH with one VFREEBUSY built from busy intervals (merged, clipped to the span).
    public static func freeBusy(uid: String, from start: Date, to end: Date, busy: [(start: Date, end: Date)],
                                organizer: Participant? = nil) -> VCalendar {
        let periods = FreeBusy.merge(busy, from: start, to: end).map { FreeBusy.Period(start: $0.start, end: $0.end) }
        return VCalendar(method: .publish, freeBusy: [FreeBusy(uid: uid, start: start, end: end, organizer: organizer,
                                                               periods: periods)])
    }
}

extension FreeBusy {
    /// Sorted, non-overlapping intervals covering `intervals` inside [start, end).
    public static func merge(_ intervals: [(start: Date, end: Date)], from start: Date, to end: Date) -> [(start: Date, end: Date)] {
        let clipped = intervals.compactMap { i -> (start: Date, end: Date)? in
            let s = max(i.start, start), e = min(i.end, end)
            return s < e ? (s, e) : nil
        }.sorted { $0.start < $1.start }
        var out: [(start: Date, end: Date)] = []
        for i in clipped {
            if let last = out.last, i.start <= last.end {
                out[out.count - 1].end = max(last.end, i.end)
            } else {
                out.append(i)
            }
        }
        return out
    }
}
