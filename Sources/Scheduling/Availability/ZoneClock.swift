public import Foundation
public import ICalendar

/// Wall time ↔ instant in one `TimeZone`, with RFC 5545's rules at DST changes: a wall time
/// in a gap uses the offset before the gap (02:30 on a spring-forward night is 03:30), and an
/// ambiguous wall time means its first occurrence.
public struct ZoneClock: Sendable {
    public let zone: TimeZone

    public init(_ zone: TimeZone) {
        self.zone = zone
    }

    @inline(__always)
    private func offset(_ t: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
    }

    /// The instant of a wall time in this zone.
    public func instant(_ wall: LocalDateTime) -> Date {
        let w = wall.wallSeconds
        let before = offset(w - 86_400), after = offset(w + 86_400)
        let t1 = w - before
        guard before != after else { return Date(timeIntervalSince1970: TimeInterval(t1)) }
        let t2 = w - after
        let valid1 = offset(t1) == before, valid2 = offset(t2) == after
        let t = valid1 && valid2 ? min(t1, t2) : (valid2 && !valid1 ? t2 : t1)
        return Date(timeIntervalSince1970: TimeInterval(t))
    }

    /// The wall time of an instant in this zone.
    public func wall(_ date: Date) -> LocalDateTime {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        return LocalDateTime(wallSeconds: t + offset(t))
    }
}
