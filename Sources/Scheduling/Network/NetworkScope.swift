public import Foundation

/// What one owner lets a connected owner's agent do with their calendar.
public enum NetworkScope: String, Codable, Sendable, CaseIterable {
    case profileRead = "profile.basic.read"
    case availabilityRead = "calendar.availability.read"
    case propose = "calendar.events.propose"
    case writeOnConfirm = "calendar.events.write.confirm"
    case writeAuto = "calendar.events.write.auto"

    /// Parses a list, refusing unknown names with the name in the message.
    public static func parse(_ names: [String]) throws(DelegationError) -> [NetworkScope] {
        var out: [NetworkScope] = []
        for name in names {
            guard let scope = NetworkScope(rawValue: name) else { throw .invalid("unknown scope '\(name.prefix(60))'") }
            if !out.contains(scope) { out.append(scope) }
        }
        return out
    }
}

/// One side's rules for meetings arranged through a connection.
public struct NetworkConstraints: Codable, Sendable, Equatable {
    /// ISO weekday ("1" = Monday) → ranges like "09:00-17:00", in the owner's zone.
    public var workingHours: [String: [String]]?
    public var minimumNoticeMinutes: Int = 60
    public var minDurationMins: Int = 15
    public var maxDurationMins: Int = 120
    public var locationPreference: String?

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workingHours = try c.decodeIfPresent([String: [String]].self, forKey: .workingHours)
        minimumNoticeMinutes = try c.decodeIfPresent(Int.self, forKey: .minimumNoticeMinutes) ?? 60
        minDurationMins = try c.decodeIfPresent(Int.self, forKey: .minDurationMins) ?? 15
        maxDurationMins = try c.decodeIfPresent(Int.self, forKey: .maxDurationMins) ?? 120
        locationPreference = try c.decodeIfPresent(String.self, forKey: .locationPreference)
    }

    public func validate() throws(DelegationError) {
        guard (5...480).contains(minDurationMins), (minDurationMins...480).contains(maxDurationMins) else {
            throw .invalid("durations must satisfy 5 ≤ minDurationMins ≤ maxDurationMins ≤ 480")
        }
        guard (0...(60 * 24 * 30)).contains(minimumNoticeMinutes) else { throw .invalid("minimumNoticeMinutes out of range") }
        if let locationPreference, locationPreference.count > 300 { throw .invalid("locationPreference is too long") }
        _ = try rules(duration: minDurationMins, zone: .gmt, now: Date())
    }

    /// Availability rules for one side, reusing the delegation constraint parser.
    public func rules(duration: Int, zone: TimeZone, now: Date) throws(DelegationError) -> AvailabilityRules {
        var base = DelegationConstraints()
        base.workingHours = workingHours
        base.durations = [duration]
        base.defaultDuration = duration
        base.minimumNoticeMinutes = minimumNoticeMinutes
        base.slotIntervalMinutes = 30
        return try base.rules(duration: duration, zone: zone, now: now)
    }
}
