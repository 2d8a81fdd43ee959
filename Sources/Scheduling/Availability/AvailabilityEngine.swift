public import Foundation
public import ICalendar

/// Free slots from busy time and an owner's rules. Pure: no storage, no clock (the caller
/// passes `now`), so every case is testable with exact expected slots.
public enum AvailabilityEngine {
    /// Bookable slots that lie inside [from, to), sorted by start.
    public static func freeSlots(busy: [BusyInterval], rules: AvailabilityRules,
                                 from: Date, to: Date, now: Date) -> [FreeSlot] {
        guard rules.meetingDuration > 0, rules.slotInterval > 0, from < to else { return [] }
        let earliest = max(from, now.addingTimeInterval(rules.minimumNotice))
        let latestStart = rules.bookingHorizon.map { now.addingTimeInterval($0) } ?? .distantFuture
        guard earliest < to, earliest <= latestStart else { return [] }

        let clock = ZoneClock(rules.timeZone)
        let blocked = merged(busy)
        let meetingsPerDay = rules.dailyCap == nil ? [:] : countMeetings(busy, clock: clock)
        var slots: [FreeSlot] = []
        var day = clock.wall(earliest).addingDays(-1)
        day = LocalDateTime(year: day.year, month: day.month, day: day.day)
        let lastDay = clock.wall(min(to, latestStart)).addingDays(1)

        while day <= lastDay {
            defer { day = day.addingDays(1) }
            let ranges = rules.dateOverrides[day] ?? rules.weeklyHours[day.isoWeekday] ?? []
            if let cap = rules.dailyCap, meetingsPerDay[day, default: 0] >= cap { continue }
            for range in ranges where range.endMinute > range.startMinute {
                let rangeStart = clock.instant(minute(range.startMinute, of: day))
                let rangeEnd = clock.instant(minute(range.endMinute, of: day))
                var t = rangeStart
                while t.addingTimeInterval(rules.meetingDuration) <= rangeEnd {
                    let end = t.addingTimeInterval(rules.meetingDuration)
                    if t >= earliest && end <= to && t <= latestStart
                        && isFree(blocked, from: t.addingTimeInterval(-rules.bufferBefore),
                                  to: end.addingTimeInterval(rules.bufferAfter)) {
                        slots.append(FreeSlot(start: t, end: end))
                    }
                    t = t.addingTimeInterval(rules.slotInterval)
                }
            }
        }
        slots.sort { $0.start < $1.start }
        return slots
    }

    private static func minute(_ m: Int, of day: LocalDateTime) -> LocalDateTime {
        LocalDateTime(wallSeconds: day.wallSeconds + Int64(m) * 60)
    }

    /// Sorted, non-overlapping busy spans.
    static func merged(_ busy: [BusyInterval]) -> [(start: Date, end: Date)] {
        var out: [(start: Date, end: Date)] = []
        for b in busy.sorted(by: { $0.start < $1.start }) where b.end > b.start {
            if let last = out.last, b.start <= last.end {
                out[out.count - 1].end = max(last.end, b.end)
            } else {
                out.append((b.start, b.end))
            }
        }
        return out
    }

    /// True when no busy span meets [from, to).
    static func isFree(_ blocked: [(start: Date, end: Date)], from: Date, to: Date) -> Bool {
        var lo = 0, hi = blocked.count
        while lo < hi { // first span ending after `from`
            let mid = (lo + hi) / 2
            if blocked[mid].end <= from { lo = mid + 1 } else { hi = mid }
        }
        return lo == blocked.count || blocked[lo].start >= to
    }

    private static func countMeetings(_ busy: [BusyInterval], clock: ZoneClock) -> [LocalDateTime: Int] {
        var counts: [LocalDateTime: Int] = [:]
        for b in busy where b.countsTowardDailyCap {
            let w = clock.wall(b.start)
            counts[LocalDateTime(year: w.year, month: w.month, day: w.day), default: 0] += 1
        }
        return counts
    }
}
