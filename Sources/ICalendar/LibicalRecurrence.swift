import CLibical

/// The libical fallback for rules the native iterator does not cover (sub-daily
/// frequencies, BYHOUR/BYMINUTE/BYSECOND, BYYEARDAY, BYWEEKNO). Same contract as
/// `RecurrenceIterator.forEach`; must run inside `Libical.run`.
struct LibicalRecurrence {
    let rule: RecurrenceRule
    let startWall: Int64
    let isDate: Bool
    let untilWall: Int64?

    func forEach(seekWall: Int64?, _ body: (Int64) -> Bool) throws(ICalendarError) {
        // UNTIL is enforced here in wall time: libical would compare a UTC UNTIL with a
        // floating DTSTART as if both were UTC.
        var plain = rule
        plain.until = nil
        let recurrence = icalrecurrencetype_from_string(plain.description)
        guard recurrence.freq != ICAL_NO_RECURRENCE else {
            throw .invalidRecurrenceRule("libical refused \(plain.description.prefix(120))")
        }
        guard let iterator = icalrecur_iterator_new(recurrence, Self.time(startWall, isDate: isDate)) else {
            throw .invalidRecurrenceRule("libical cannot iterate \(plain.description.prefix(120))")
        }
        defer { icalrecur_iterator_free(iterator) }
        if let untilWall, startWall > untilWall { return }
        guard body(startWall) else { return }
        if rule.count == nil, let seekWall, seekWall > startWall {
            _ = icalrecur_iterator_set_start(iterator, Self.time(seekWall, isDate: isDate))
        }
        var emitted = 1
        while true {
            let t = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(t) != 0 { return }
            let wall = LocalDateTime(year: Int(t.year), month: Int(t.month), day: Int(t.day),
                                     hour: Int(t.hour), minute: Int(t.minute), second: Int(t.second)).wallSeconds
            if wall <= startWall { continue }
            if let untilWall, wall > untilWall { return }
            guard body(wall) else { return }
            emitted += 1
            if let count = rule.count, emitted >= count { return }
        }
    }

    /// A libical time (no zone) for a wall time.
    static func time(_ wall: Int64, isDate: Bool) -> icaltimetype {
        let l = LocalDateTime(wallSeconds: wall)
        var t = icaltimetype()
        t.year = Int32(l.year)
        t.month = Int32(l.month)
        t.day = Int32(l.day)
        t.hour = Int32(l.hour)
        t.minute = Int32(l.minute)
        t.second = Int32(l.second)
        t.is_date = isDate ? 1 : 0
        return t
    }
}
