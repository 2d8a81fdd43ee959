/// Expands an RRULE in wall time (the zone is applied by the caller), for DAILY, WEEKLY,
/// MONTHLY and YEARLY rules without BYHOUR/BYMINUTE/BYSECOND/BYYEARDAY/BYWEEKNO; the rest go
/// through libical (`LibicalRecurrence`). Written natively because libical's iterator costs
/// ~6 µs an occurrence and the engine must expand over a million a second.
///
/// Yields DTSTART first (RFC 5545: it is always the first instance and counts toward COUNT),
/// then every rule instance after it in increasing order, until COUNT, UNTIL or the caller
/// stops. Without COUNT it seeks straight to the period that holds `seekWall`.
struct RecurrenceIterator {
    let rule: RecurrenceRule
    let startWall: Int64
    /// UNTIL as wall time in the event's zone (the caller converts a UTC UNTIL).
    let untilWall: Int64?

    /// Calls `body` with each instance's wall time; `body` returns false to stop.
    func forEach(seekWall: Int64?, _ body: (Int64) -> Bool) {
        let startDay = Int(CivilTime.floorDiv(Int(startWall), 86_400))
        let timeOfDay = startWall - Int64(startDay) * 86_400
        var emitted = 0
        let count = rule.count ?? Int.max
        if let untilWall, startWall > untilWall { return }
        guard body(startWall) else { return }
        emitted += 1
        if emitted >= count { return }

        var period = 0
        if rule.count == nil, let seekWall {
            let seekDay = Int(CivilTime.floorDiv(Int(seekWall), 86_400))
            period = max(0, periodIndex(containing: seekDay, startDay: startDay) - 1)
        }
        var emptyPeriods = 0
        var days: [Int] = []
        days.reserveCapacity(32)
        while emptyPeriods < 4000 {
            days.removeAll(keepingCapacity: true)
            guard candidates(period: period, startDay: startDay, into: &days) else { return }
            period += 1
            if days.isEmpty {
                emptyPeriods += 1
                continue
            }
            emptyPeriods = 0
            for day in days where day > startDay {
                let wall = Int64(day) * 86_400 + timeOfDay
                if let untilWall, wall > untilWall { return }
                guard body(wall) else { return }
                emitted += 1
                if emitted >= count { return }
            }
        }
    }

    /// The period number (0 = DTSTART's) whose span contains `day`.
    private func periodIndex(containing day: Int, startDay: Int) -> Int {
        let n = rule.interval
        switch rule.frequency {
        case .weekly:
            let w0 = weekStart(of: startDay)
            return CivilTime.floorDiv(weekStart(of: day) - w0, 7 * n)
        case .monthly:
            let a = CivilTime.date(days: startDay), b = CivilTime.date(days: day)
            return CivilTime.floorDiv((b.year * 12 + b.month) - (a.year * 12 + a.month), n)
        case .yearly:
            return CivilTime.floorDiv(CivilTime.date(days: day).year - CivilTime.date(days: startDay).year, n)
        default:
            return CivilTime.floorDiv(day - startDay, n)
        }
    }

    private func weekStart(of day: Int) -> Int {
        day - (CivilTime.weekday(days: day) - rule.weekStart + 7) % 7
    }

    /// Fills `days` with the sorted instance days of one period; false once past year 9999.
    private func candidates(period: Int, startDay: Int, into days: inout [Int]) -> Bool {
        let n = rule.interval
        switch rule.frequency {
        case .weekly:
            let ws = weekStart(of: startDay) + period * 7 * n
            if ws > 2_932_896 { return false }
            if rule.byDay.isEmpty {
                days.append(ws + (CivilTime.weekday(days: startDay) - rule.weekStart + 7) % 7)
            } else {
                for wd in rule.byDay { days.append(ws + (wd.weekday - rule.weekStart + 7) % 7) }
                days.sort()
            }
            if !rule.byMonth.isEmpty {
                days.removeAll { !rule.byMonth.contains(CivilTime.date(days: $0).month) }
            }
        case .monthly:
            let s = CivilTime.date(days: startDay)
            let index = s.year * 12 + (s.month - 1) + period * n
            let year = index / 12, month = index % 12 + 1
            if year > 9999 { return false }
            if !rule.byMonth.isEmpty && !rule.byMonth.contains(month) { return true }
            monthDays(year: year, month: month, startDayOfMonth: s.day, into: &days)
        case .yearly:
            let s = CivilTime.date(days: startDay)
            let year = s.year + period * n
            if year > 9999 { return false }
            yearDays(year: year, start: s, into: &days)
        default:
            let day = startDay + period * n
            if day > 2_932_896 { return false }
            if passesDailyFilters(day) { days.append(day) }
        }
        applySetPos(&days)
        return true
    }

    private func passesDailyFilters(_ day: Int) -> Bool {
        if rule.byMonth.isEmpty && rule.byMonthDay.isEmpty && rule.byDay.isEmpty { return true }
        let d = CivilTime.date(days: day)
        if !rule.byMonth.isEmpty && !rule.byMonth.contains(d.month) { return false }
        if !rule.byMonthDay.isEmpty {
            let dim = CivilTime.daysInMonth(year: d.year, month: d.month)
            if !rule.byMonthDay.contains(where: { $0 == d.day || dim + $0 + 1 == d.day }) { return false }
        }
        if !rule.byDay.isEmpty {
            let wd = CivilTime.weekday(days: day)
            if !rule.byDay.contains(where: { $0.weekday == wd }) { return false }
        }
        return true
    }

    /// Instance days inside one month, as MONTHLY (or YEARLY with BYMONTH) expands them.
    private func monthDays(year: Int, month: Int, startDayOfMonth: Int, into days: inout [Int]) {
        let first = CivilTime.days(year: year, month: month, day: 1)
        let dim = CivilTime.daysInMonth(year: year, month: month)
        let base = days.count
        if !rule.byMonthDay.isEmpty {
            for md in rule.byMonthDay {
                let dom = md > 0 ? md : dim + md + 1
                if dom >= 1 && dom <= dim { days.append(first + dom - 1) }
            }
            if !rule.byDay.isEmpty {
                let allowed = weekdayDays(from: first, length: dim)
                // With BYMONTHDAY present, BYDAY limits rather than expands.
                let kept = Array(days[base...].filter { allowed.contains($0) })
                days.removeSubrange(base...)
                days.append(contentsOf: kept)
            }
        } else if !rule.byDay.isEmpty {
            days.append(contentsOf: weekdayDays(from: first, length: dim))
        } else if startDayOfMonth <= dim {
            days.append(first + startDayOfMonth - 1)
        }
        days[base...].sort()
        dedupe(&days, from: base)
    }

    /// BYDAY applied within a span (a month, or a whole year): plain weekdays give every
    /// such day, ordinals the n-th from the start (or end, when negative).
    private func weekdayDays(from first: Int, length: Int) -> [Int] {
        var out: [Int] = []
        let firstWeekday = CivilTime.weekday(days: first)
        for wd in rule.byDay {
            let offset = (wd.weekday - firstWeekday + 7) % 7
            if wd.ordinal == 0 {
                var d = offset
                while d < length {
                    out.append(first + d)
                    d += 7
                }
            } else if wd.ordinal > 0 {
                let d = offset + (wd.ordinal - 1) * 7
                if d < length { out.append(first + d) }
            } else {
                let lastWeekday = CivilTime.weekday(days: first + length - 1)
                let back = (lastWeekday - wd.weekday + 7) % 7
                let d = length - 1 - back - (-wd.ordinal - 1) * 7
                if d >= 0 { out.append(first + d) }
            }
        }
        return out
    }

    private func yearDays(year: Int, start: (year: Int, month: Int, day: Int), into days: inout [Int]) {
        if !rule.byMonth.isEmpty {
            for month in rule.byMonth.sorted() {
                monthDays(year: year, month: month, startDayOfMonth: start.day, into: &days)
            }
        } else if !rule.byMonthDay.isEmpty {
            for month in 1...12 { monthDays(year: year, month: month, startDayOfMonth: start.day, into: &days) }
        } else if !rule.byDay.isEmpty {
            let first = CivilTime.days(year: year, month: 1, day: 1)
            days.append(contentsOf: weekdayDays(from: first, length: CivilTime.isLeap(year) ? 366 : 365))
        } else if start.day <= CivilTime.daysInMonth(year: year, month: start.month) {
            days.append(CivilTime.days(year: year, month: start.month, day: start.day))
        }
        days.sort()
        dedupe(&days, from: 0)
    }

    private func dedupe(_ days: inout [Int], from base: Int) {
        guard days.count - base > 1 else { return }
        var write = base + 1
        for read in (base + 1)..<days.count where days[read] != days[write - 1] {
            days[write] = days[read]
            write += 1
        }
        days.removeSubrange(write...)
    }

    private func applySetPos(_ days: inout [Int]) {
        guard !rule.bySetPos.isEmpty, !days.isEmpty else { return }
        var picked: [Int] = []
        for pos in rule.bySetPos {
            let i = pos > 0 ? pos - 1 : days.count + pos
            if i >= 0 && i < days.count { picked.append(days[i]) }
        }
        picked.sort()
        days = picked
        dedupe(&days, from: 0)
    }
}
