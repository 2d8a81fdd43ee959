import CLibical

/// UTC offsets of one time zone, read from a libical `icaltimezone` (a file's VTIMEZONE, or
/// a builtin zone from the system zoneinfo) and kept per year as a short transition list.
/// Exists because libical's own local→UTC lookup takes ~160 ns and resolves gaps and
/// overlaps differently from RFC 5545, which says: a local time in a gap uses the offset
/// before the gap, and an ambiguous local time means its first occurrence.
///
/// Touched only inside `Libical.run` (it fills lazily and calls libical).
final class ZoneRules {
    let tzid: String
    private let zone: OpaquePointer
    /// Builtin zones belong to libical for the life of the process; file zones are ours.
    private let owned: Bool

    private struct YearChunk {
        let startUTC: Int64
        let endUTC: Int64
        let initial: Int
        let transitions: [Int64]
        let offsets: [Int]

        @inline(__always)
        func offset(at t: Int64) -> Int {
            var result = initial
            for i in 0..<transitions.count where t >= transitions[i] { result = offsets[i] }
            return result
        }
    }

    private var chunks: [Int: YearChunk] = [:]
    private var lastChunk: YearChunk?

    init(tzid: String, zone: OpaquePointer, owned: Bool) {
        self.tzid = tzid
        self.zone = zone
        self.owned = owned
    }

    deinit {
        if owned { icaltimezone_free(zone, 1) }
    }

    /// Seconds east of UTC at the instant `t` (seconds since the epoch).
    @inline(__always)
    func offset(atUTC t: Int64) -> Int {
        if let c = lastChunk, t >= c.startUTC, t < c.endUTC { return c.offset(at: t) }
        let year = CivilTime.date(days: CivilTime.floorDiv(Int(t), 86_400)).year
        let c = chunk(year: year)
        lastChunk = c
        return c.offset(at: t)
    }

    /// The instant of a wall time in this zone, with RFC 5545's rules for gaps and overlaps.
    @inline(__always)
    func utc(fromWall w: Int64) -> Int64 {
        let before = offset(atUTC: w - 86_400), after = offset(atUTC: w + 86_400)
        let t1 = w - Int64(before)
        if before == after { return t1 }
        let t2 = w - Int64(after)
        let valid1 = offset(atUTC: t1) == before, valid2 = offset(atUTC: t2) == after
        if valid1 && valid2 { return min(t1, t2) }
        if valid2 && !valid1 { return t2 }
        return t1 // valid1, or a gap: the offset before the gap
    }

    /// The wall time of an instant in this zone.
    func wall(fromUTC t: Int64) -> Int64 { t + Int64(offset(atUTC: t)) }

    private func chunk(year: Int) -> YearChunk {
        if let c = chunks[year] { return c }
        let clamped = min(max(year, 1), 9999)
        let start = Int64(CivilTime.days(year: clamped, month: 1, day: 1)) * 86_400
        let end = Int64(CivilTime.days(year: clamped + 1, month: 1, day: 1)) * 86_400
        // libical expands a zone's rules year by year from their DTSTART up to the year asked
        // for, which makes a year like 9000 cost seconds. Outside 1800-2200 nobody keeps
        // daylight saving rules anyway: use the standard offset of the nearest bound.
        if year > 2200 || year < 1800 {
            let bound = year > 2200 ? 2200 : 1800
            let reference = Int64(CivilTime.days(year: bound, month: 1, day: 1)) * 86_400
            let c = YearChunk(startUTC: start, endUTC: end, initial: probe(reference), transitions: [], offsets: [])
            chunks[year] = c
            return c
        }
        // Sample every 6 hours, then bisect each change to the second. Real zones never
        // change offset twice within 6 hours.
        let step: Int64 = 6 * 3600
        let initial = probe(start)
        var transitions: [Int64] = [], offsets: [Int] = []
        var previousTime = start, previousOffset = initial
        var t = start + step
        while t <= end {
            let o = probe(t)
            if o != previousOffset {
                var lo = previousTime, hi = t
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if probe(mid) == previousOffset { lo = mid } else { hi = mid }
                }
                if hi < end {
                    transitions.append(hi)
                    offsets.append(o)
                }
            }
            previousTime = t
            previousOffset = o
            t += step
        }
        let c = YearChunk(startUTC: start, endUTC: end, initial: initial, transitions: transitions, offsets: offsets)
        if chunks.count > 512 { chunks.removeAll() }
        chunks[year] = c
        return c
    }

    private func probe(_ t: Int64) -> Int {
        var tt = LibicalRecurrence.time(t, isDate: false)
        tt.zone = icaltimezone_get_utc_timezone()
        return Int(icaltimezone_get_utc_offset_of_utc_time(zone, &tt, nil))
    }
}
