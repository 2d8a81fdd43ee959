import Foundation

/// The expansion of one calendar over one window. Runs inside `Libical.run`.
struct Expander {
    let calendar: VCalendar
    let window: Window
    let options: ExpansionOptions
    /// Wall time may lead or trail UTC by up to 26 hours; search that much wider.
    private let margin: Int64 = 2 * 86_400

    init(calendar: VCalendar, window: Window, options: ExpansionOptions) {
        self.calendar = calendar
        self.window = window
        self.options = options
    }

    mutating func run(into result: inout [Occurrence]) throws(ICalendarError) {
        var overrides: [String: [Int]] = [:]
        for (i, e) in calendar.events.enumerated() where e.recurrenceID != nil {
            overrides[e.uid, default: []].append(i)
        }
        var masters = Set<String>()
        for (i, e) in calendar.events.enumerated() where e.recurrenceID == nil {
            masters.insert(e.uid)
            try expandMaster(i, overrides: overrides[e.uid] ?? [], into: &result)
            guard result.count <= options.maxOccurrences else {
                throw ICalendarError(.tooLarge, "expansion over \(options.maxOccurrences) occurrences")
            }
        }
        // Overrides whose master is absent (an invite for one instance) still happen.
        for (uid, indices) in overrides where !masters.contains(uid) {
            for i in indices { try emitOverride(i, into: &result) }
        }
    }

    /// Converts a value to an instant; floating and all-day read as UTC.
    private func instant(_ value: DateTimeValue) throws(ICalendarError) -> Int64 {
        guard let tzid = value.tzid else { return value.local.wallSeconds }
        return try ZoneRegistry.rules(for: tzid, definitions: calendar.timeZones).utc(fromWall: value.local.wallSeconds)
    }

    private func emitOverride(_ index: Int, into result: inout [Occurrence]) throws(ICalendarError) {
        let e = calendar.events[index]
        if e.status == .cancelled && !options.includeCancelled { return }
        let s = try instant(e.start)
        let end = try endInstant(of: e, start: s)
        guard window.meets(s, end) else { return }
        result.append(Occurrence(uid: e.uid, start: date(s), end: date(end), isAllDay: e.start.isDate,
                                 recurrenceID: try e.recurrenceID.map { v throws(ICalendarError) in date(try instant(v)) },
                                 status: e.status, isTransparent: e.isTransparent, eventIndex: index))
    }

    /// The end instant; DTEND in another zone than DTSTART counts as an instant of its own.
    private func endInstant(of e: Event, start s: Int64) throws(ICalendarError) -> Int64 {
        if let end = e.end, end.tzid != e.start.tzid || end.isDate != e.start.isDate {
            return max(s, try instant(end))
        }
        return try instant(e.start.with(LocalDateTime(wallSeconds: e.start.local.wallSeconds + e.wallDuration)))
    }

    private mutating func expandMaster(_ index: Int, overrides: [Int], into result: inout [Occurrence]) throws(ICalendarError) {
        let e = calendar.events[index]
        let isRecurring = e.recurrenceRule != nil || !e.recurrenceDates.isEmpty
        if !isRecurring {
            if e.status == .cancelled && !options.includeCancelled { return }
            let s = try instant(e.start)
            let end = try endInstant(of: e, start: s)
            if window.meets(s, end) {
                result.append(Occurrence(uid: e.uid, start: date(s), end: date(end), isAllDay: e.start.isDate,
                                         status: e.status, isTransparent: e.isTransparent, eventIndex: index))
            }
            return
        }
        if e.status == .cancelled && !options.includeCancelled { return } // the whole series
        let zone = try e.start.tzid.map { tzid throws(ICalendarError) in
            try ZoneRegistry.rules(for: tzid, definitions: calendar.timeZones)
        }
        let startWall = e.start.local.wallSeconds
        let crossZoneEnd = e.end.map { $0.tzid != e.start.tzid || $0.isDate != e.start.isDate } ?? false
        let exactLength = crossZoneEnd ? max(0, try instant(e.end!) - instant(e.start)) : 0
        let wallLength = e.wallDuration

        var excluded = Set<Int64>()
        var excludedDays = Set<Int64>()
        for x in e.exceptionDates {
            if x.isDate && !e.start.isDate { excludedDays.insert(CivilTimeFloor.day(x.local.wallSeconds)) }
            else { excluded.insert(try instant(x)) }
        }
        for i in overrides {
            if let rid = calendar.events[i].recurrenceID { excluded.insert(try instant(rid)) }
        }

        var failure: ICalendarError?
        let uid = e.uid, isAllDay = e.start.isDate, status = e.status, transparent = e.isTransparent
        let window = self.window, margin = self.margin, limit = options.maxOccurrences
        var seen = Set<Int64>()
        let trackSeen = !e.recurrenceDates.isEmpty
        func emit(_ wall: Int64) -> Bool {
            let s = zone?.utc(fromWall: wall) ?? wall
            if !excluded.isEmpty && excluded.contains(s) { return true }
            if !excludedDays.isEmpty && excludedDays.contains(CivilTimeFloor.day(wall)) { return true }
            if trackSeen && !seen.insert(s).inserted { return true }
            let end = crossZoneEnd ? s + exactLength : (zone?.utc(fromWall: wall + wallLength) ?? wall + wallLength)
            if window.meets(s, end) {
                guard result.count < limit else {
                    failure = ICalendarError(.tooLarge, "expansion over \(limit) occurrences")
                    return false
                }
                result.append(Occurrence(uid: uid, start: Date(timeIntervalSince1970: TimeInterval(s)),
                                         end: Date(timeIntervalSince1970: TimeInterval(end)), isAllDay: isAllDay,
                                         recurrenceID: Date(timeIntervalSince1970: TimeInterval(s)),
                                         status: status, isTransparent: transparent, eventIndex: index))
            }
            return true
        }

        if let rule = e.recurrenceRule {
            let untilWall: Int64? = switch rule.until {
            case .utc(let t)?: zone?.wall(fromUTC: t.wallSeconds) ?? t.wallSeconds
            case .floating(let t)?: t.wallSeconds
            case .date(let t)?: e.start.isDate ? t.wallSeconds : t.wallSeconds + 86_399
            case nil: nil
            }
            let seek = window.start - max(wallLength, exactLength) - margin
            let stop = window.end + margin
            if rule.isNativelyExpandable {
                RecurrenceIterator(rule: rule, startWall: startWall, untilWall: untilWall).forEach(seekWall: seek) { w in
                    w > stop ? false : emit(w)
                }
            } else {
                do {
                    try LibicalRecurrence(rule: rule, startWall: startWall, isDate: e.start.isDate, untilWall: untilWall)
                        .forEach(seekWall: seek) { w in w > stop ? false : emit(w) }
                } catch {
                    failure = error
                }
            }
        } else {
            _ = emit(startWall)
        }
        if let failure { throw failure }
        for r in e.recurrenceDates {
            // An RDATE in another zone is placed at its own instant, then seen as start-zone wall time.
            let wall: Int64
            if r.tzid == e.start.tzid {
                wall = r.local.wallSeconds
            } else {
                let t = try instant(r)
                wall = zone?.wall(fromUTC: t) ?? t
            }
            _ = emit(wall)
        }
        for i in overrides { try emitOverride(i, into: &result) }
    }

    @inline(__always)
    private func date(_ t: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(t)) }
}

enum CivilTimeFloor {
    @inline(__always)
    static func day(_ wall: Int64) -> Int64 { Int64(CivilTime.floorDiv(Int(wall), 86_400)) }
}
