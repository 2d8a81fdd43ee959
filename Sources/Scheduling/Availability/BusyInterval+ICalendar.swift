public import ICalendar

extension BusyInterval {
    /// Busy time from expanded calendar events: transparent and cancelled instances do not block.
    public static func from(_ occurrences: [Occurrence]) -> [BusyInterval] {
        occurrences.compactMap { o in
            o.isTransparent || o.status == .cancelled ? nil : BusyInterval(start: o.start, end: o.end)
        }
    }

    /// Busy time from VFREEBUSY periods (Google free/busy, CalDAV); FREE periods do not block.
    public static func from(_ freeBusy: FreeBusy) -> [BusyInterval] {
        freeBusy.periods.compactMap { p in
            p.kind == .free ? nil : BusyInterval(start: p.start, end: p.end)
        }
    }
}
