public import Foundation
import ICalendar

/// The rules a booking must pass, as pure functions: first against the link's constraints
/// (with clear refusals), then against busy time inside the writing transaction.
public enum BookingPolicy {
    /// Checks a requested meeting against the link's constraints and returns the availability
    /// rules for the busy-time check.
    public static func admit(start: Date, duration: Int, constraints: DelegationConstraints, zone: TimeZone,
                             now: Date) throws(DelegationError) -> AvailabilityRules {
        guard constraints.durations.contains(duration) else {
            let allowed = constraints.durations.sorted().map(String.init).joined(separator: ", ")
            throw .refused("duration_not_allowed", "a meeting through this link lasts \(allowed) minutes")
        }
        let rules = try constraints.rules(duration: duration, zone: zone, now: now)
        let end = start.addingTimeInterval(rules.meetingDuration)
        guard start >= now.addingTimeInterval(rules.minimumNotice) else {
            throw .refused("too_soon", "this time is too soon: bookings need \(describe(minutes: constraints.minimumNoticeMinutes)) notice")
        }
        if let windowStart = constraints.windowStart, start < windowStart {
            throw .refused("outside_window", "bookings through this link start from \(iso(windowStart))")
        }
        if let windowEnd = constraints.windowEnd, end > windowEnd {
            throw .refused("outside_window", "bookings through this link must end by \(iso(windowEnd))")
        }
        if let horizon = rules.bookingHorizon, start > now.addingTimeInterval(horizon) {
            throw .refused("outside_window", "this time is too far ahead")
        }
        guard withinHours(start: start, end: end, rules: rules) else {
            throw .refused("outside_hours", "this time is outside the hours offered through this link")
        }
        let offered = AvailabilityEngine.freeSlots(busy: [], rules: rules, from: start, to: end, now: now)
        guard offered.contains(where: { $0.start == start }) else {
            throw .refused("not_a_slot", "meetings start on the offered slots; pick one from the list")
        }
        return rules
    }

    /// Inside the transaction: the meeting must not meet busy time (with buffers), the day must
    /// be under its cap, and the link under its booking limit.
    public static func checkFree(start: Date, rules: AvailabilityRules, busy: [BusyInterval], linkBookings: Int,
                                 maxBookings: Int?, now: Date) throws(DelegationError) {
        if let maxBookings, linkBookings >= maxBookings {
            throw .refused("over_cap", "this link has reached its maximum number of bookings")
        }
        if let cap = rules.dailyCap {
            let clock = ZoneClock(rules.timeZone)
            let day = clock.wall(start)
            let same = busy.filter { b in
                let w = clock.wall(b.start)
                return b.countsTowardDailyCap && w.year == day.year && w.month == day.month && w.day == day.day
            }
            if same.count >= cap { throw .refused("over_cap", "no more meetings can be booked on this day") }
        }
        let end = start.addingTimeInterval(rules.meetingDuration)
        let free = AvailabilityEngine.freeSlots(busy: busy, rules: rules, from: start, to: end, now: now)
        guard free.contains(where: { $0.start == start }) else { throw DelegationError.slotTaken }
    }

    /// True when [start, end) lies inside one working range of the owner's local day.
    static func withinHours(start: Date, end: Date, rules: AvailabilityRules) -> Bool {
        let clock = ZoneClock(rules.timeZone)
        let wall = clock.wall(start)
        let day = LocalDateTime(year: wall.year, month: wall.month, day: wall.day)
        let ranges = rules.dateOverrides[day] ?? rules.weeklyHours[day.isoWeekday] ?? []
        return ranges.contains { range in
            let rangeStart = clock.instant(LocalDateTime(wallSeconds: day.wallSeconds + Int64(range.startMinute) * 60))
            let rangeEnd = clock.instant(LocalDateTime(wallSeconds: day.wallSeconds + Int64(range.endMinute) * 60))
            return start >= rangeStart && end <= rangeEnd
        }
    }

    static func describe(minutes: Int) -> String {
        if minutes % 1440 == 0 { return "\(minutes / 1440) day\(minutes == 1440 ? "" : "s")" }
        if minutes % 60 == 0 { return "\(minutes / 60) hour\(minutes == 60 ? "" : "s")" }
        return "\(minutes) minutes"
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
