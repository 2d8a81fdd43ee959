public import Foundation

/// What an owner allows through one delegation link. Stored as JSON on the link; every field
/// has a default that books a plain 30-minute meeting in working hours.
public struct DelegationConstraints: Codable, Sendable, Equatable {
    /// Meeting lengths a guest may pick, in minutes.
    public var durations: [Int] = [30]
    public var defaultDuration: Int = 30
    /// Bookings must lie inside [windowStart, windowEnd) when set.
    public var windowStart: Date?
    public var windowEnd: Date?
    /// Replaces the default Monday–Friday 09:00–17:00: ISO weekday ("1" = Monday … "7") →
    /// ranges like "09:00-12:30". Wall times are in the owner's zone.
    public var workingHours: [String: [String]]?
    public var minimumNoticeMinutes: Int = 240
    public var bufferBeforeMinutes: Int = 0
    public var bufferAfterMinutes: Int = 0
    /// Slots start every this many minutes from the start of a working range.
    public var slotIntervalMinutes: Int?
    public var title: String?
    /// A room or a video link, shown to the guest and put on the invite.
    public var location: String?
    /// Live bookings this link may make in total.
    public var maxBookings: Int?
    /// Meetings per local day (the owner's zone), counting everything in the owner's calendar.
    public var dailyCap: Int?
    /// The contact the link was made for; prefills the booking form.
    public var externalName: String?

    public init() {}

    /// Every key is optional in JSON: a missing one keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DelegationConstraints()
        durations = try c.decodeIfPresent([Int].self, forKey: .durations) ?? defaults.durations
        defaultDuration = try c.decodeIfPresent(Int.self, forKey: .defaultDuration) ?? durations.first ?? defaults.defaultDuration
        windowStart = try c.decodeIfPresent(Date.self, forKey: .windowStart)
        windowEnd = try c.decodeIfPresent(Date.self, forKey: .windowEnd)
        workingHours = try c.decodeIfPresent([String: [String]].self, forKey: .workingHours)
        minimumNoticeMinutes = try c.decodeIfPresent(Int.self, forKey: .minimumNoticeMinutes) ?? defaults.minimumNoticeMinutes
        bufferBeforeMinutes = try c.decodeIfPresent(Int.self, forKey: .bufferBeforeMinutes) ?? 0
        bufferAfterMinutes = try c.decodeIfPresent(Int.self, forKey: .bufferAfterMinutes) ?? 0
        slotIntervalMinutes = try c.decodeIfPresent(Int.self, forKey: .slotIntervalMinutes)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        location = try c.decodeIfPresent(String.self, forKey: .location)
        maxBookings = try c.decodeIfPresent(Int.self, forKey: .maxBookings)
        dailyCap = try c.decodeIfPresent(Int.self, forKey: .dailyCap)
        externalName = try c.decodeIfPresent(String.self, forKey: .externalName)
    }

    static let defaultHours = ["1": ["09:00-17:00"], "2": ["09:00-17:00"], "3": ["09:00-17:00"], "4": ["09:00-17:00"], "5": ["09:00-17:00"]]

    /// Checks every field; the error names the first bad one.
    public func validate() throws(DelegationError) {
        guard !durations.isEmpty, durations.count <= 12, durations.allSatisfy({ (5...480).contains($0) }) else {
            throw .invalid("durations must be 1 to 12 values between 5 and 480 minutes")
        }
        guard durations.contains(defaultDuration) else { throw .invalid("defaultDuration must be one of durations") }
        if let windowStart, let windowEnd, windowEnd <= windowStart { throw .invalid("windowEnd must be after windowStart") }
        guard (0...(60 * 24 * 60)).contains(minimumNoticeMinutes) else { throw .invalid("minimumNoticeMinutes must be 0 to 86400") }
        guard (0...240).contains(bufferBeforeMinutes), (0...240).contains(bufferAfterMinutes) else {
            throw .invalid("buffers must be 0 to 240 minutes")
        }
        if let slotIntervalMinutes, !(5...240).contains(slotIntervalMinutes) { throw .invalid("slotIntervalMinutes must be 5 to 240") }
        if let title, title.count > 200 { throw .invalid("title must be at most 200 characters") }
        if let location, location.count > 500 { throw .invalid("location must be at most 500 characters") }
        if let externalName, externalName.count > 200 { throw .invalid("externalName must be at most 200 characters") }
        if let maxBookings, !(1...10_000).contains(maxBookings) { throw .invalid("maxBookings must be 1 to 10000") }
        if let dailyCap, !(1...100).contains(dailyCap) { throw .invalid("dailyCap must be 1 to 100") }
        _ = try weeklyHours()
    }

    /// Working hours by ISO weekday.
    public func weeklyHours() throws(DelegationError) -> [Int: [TimeRange]] {
        var out: [Int: [TimeRange]] = [:]
        for (key, ranges) in workingHours ?? Self.defaultHours {
            guard let day = Int(key), (1...7).contains(day) else { throw .invalid("workingHours keys must be ISO weekdays 1-7") }
            out[day] = try ranges.map { range throws(DelegationError) in try Self.parseRange(range) }
        }
        return out
    }

    /// "09:00-17:30" → minutes; "24:00" may end a range.
    static func parseRange(_ text: String) throws(DelegationError) -> TimeRange {
        let parts = text.split(separator: "-")
        func minutes(_ s: Substring) -> Int? {
            let hm = s.trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0...59).contains(m) else { return nil }
            return h * 60 + m
        }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start < end, end <= 1440 else {
            throw .invalid("working hours must look like \"09:00-17:00\", got \"\(text.prefix(20))\"")
        }
        return TimeRange(startMinute: start, endMinute: end)
    }

    /// Availability rules for a meeting of `duration` minutes in the owner's `zone`.
    public func rules(duration: Int, zone: TimeZone, now: Date) throws(DelegationError) -> AvailabilityRules {
        var rules = AvailabilityRules(timeZone: zone, weeklyHours: try weeklyHours())
        rules.meetingDuration = TimeInterval(duration * 60)
        rules.slotInterval = TimeInterval((slotIntervalMinutes ?? min(30, durations.min() ?? 30)) * 60)
        rules.bufferBefore = TimeInterval(bufferBeforeMinutes * 60)
        rules.bufferAfter = TimeInterval(bufferAfterMinutes * 60)
        rules.minimumNotice = TimeInterval(minimumNoticeMinutes * 60)
        rules.bookingHorizon = windowEnd.map { max(0, $0.timeIntervalSince(now)) } ?? 60 * 86_400
        rules.dailyCap = dailyCap
        return rules
    }
}
