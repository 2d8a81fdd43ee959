public import Foundation

/// What an expansion returns besides the window.
public struct ExpansionOptions: Sendable, Hashable {
    /// Keep instances whose STATUS is CANCELLED (an override that cancels one instance).
    public var includeCancelled: Bool = false
    /// Refuse (`.tooLarge`) rather than build a larger result.
    public var maxOccurrences: Int = 5_000_000

    public init(includeCancelled: Bool = false, maxOccurrences: Int = 5_000_000) {
        self.includeCancelled = includeCancelled
        self.maxOccurrences = maxOccurrences
    }
}

extension VCalendar {
    /// Every instance whose [start, end) meets [from, to) — a zero-length instance counts
    /// when `from ≤ start < to` — sorted by start. RRULE, RDATE, EXDATE and RECURRENCE-ID
    /// overrides are applied; TZIDs resolve through the file's VTIMEZONE blocks or the
    /// system zone database; all-day and floating times are read as UTC. Sorted by start,
    /// then by the order of the VEVENTs in the file.
    public func occurrences(from: Date, to: Date, options: ExpansionOptions = .init()) throws(ICalendarError) -> [Occurrence] {
        let window = Window(start: Int64(from.timeIntervalSince1970.rounded(.down)),
                            end: Int64(to.timeIntervalSince1970.rounded(.up)))
        var result: [Occurrence] = []
        try Libical.run { () throws(ICalendarError) in
            var expander = Expander(calendar: self, window: window, options: options)
            try expander.run(into: &result)
        }
        // Ties broken by the VEVENT's index, not the UID: comparing strings made this sort
        // the largest cost of an expansion.
        result.sort { $0.start != $1.start ? $0.start < $1.start : $0.eventIndex < $1.eventIndex }
        return result
    }
}

struct Window {
    let start: Int64
    let end: Int64

    @inline(__always)
    func meets(_ s: Int64, _ e: Int64) -> Bool {
        (e > start && s < end) || (s == e && s >= start && s < end)
    }
}
