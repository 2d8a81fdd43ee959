import CLibical

/// Finds the `ZoneRules` for a TZID: the file's own VTIMEZONE first (RFC 5545), then the
/// system zone database through libical's builtin zones. Caches both; used only inside
/// `Libical.run`, which is what makes the shared cache safe.
enum ZoneRegistry {
    /// Guarded by the `Libical` lock (the only caller), hence `nonisolated(unsafe)`.
    nonisolated(unsafe) private static var cache: [String: ZoneRules] = [:]

    /// Guarded by the `Libical` lock like `cache` (ZoneRules fills lazily).
    nonisolated(unsafe) static let utc = ZoneRules(tzid: "UTC", zone: icaltimezone_get_utc_timezone(), owned: false)

    /// Rules for `tzid`; `definitions` are the file's VTIMEZONE texts by TZID.
    static func rules(for tzid: String, definitions: [String: String]) throws(ICalendarError) -> ZoneRules {
        if let text = definitions[tzid] { return try fileZone(tzid: tzid, text: text) }
        if let rules = builtin(tzid) { return rules }
        throw ICalendarError(.unknownTimeZone, "unknown TZID '\(tzid.prefix(100))'")
    }

    /// A builtin (IANA) zone, accepting the prefixes other producers put before the name.
    static func builtin(_ tzid: String) -> ZoneRules? {
        let key = "builtin:" + tzid
        if let hit = cache[key] { return hit }
        var name = tzid
        for prefix in ["/freeassociation.sourceforge.net/Tzfile/", "/freeassociation.sourceforge.net/",
                       "/mozilla.org/20050126_1/", "/mozilla.org/20070129_1/", "/softwarestudio.org/Olson_20011030_5/"]
        where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
            break
        }
        let rules: ZoneRules
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z"].contains(name) {
            rules = utc
        } else {
            guard !name.isEmpty, name.utf8.count < 200, let zone = icaltimezone_get_builtin_timezone(name) else {
                return nil
            }
            rules = ZoneRules(tzid: tzid, zone: zone, owned: false)
        }
        cache[key] = rules
        return rules
    }

    private static func fileZone(tzid: String, text: String) throws(ICalendarError) -> ZoneRules {
        let key = "vtz:" + text
        if let hit = cache[key] { return hit }
        // libical expands a VTIMEZONE's rules from their DTSTART on every new year it is asked
        // about; a SECONDLY rule there would run for hours. Real zones change yearly.
        for line in text.split(whereSeparator: \.isNewline) where line.uppercased().hasPrefix("RRULE:") {
            let rule = try RecurrenceRule(parsing: String(line.dropFirst(6)))
            guard rule.frequency == .yearly else {
                throw ICalendarError(.invalidValue, "VTIMEZONE '\(tzid.prefix(100))' has a non-yearly rule")
            }
        }
        guard let component = icalparser_parse_string(text) else {
            throw ICalendarError(.invalidValue, "VTIMEZONE '\(tzid.prefix(100))' does not parse")
        }
        guard icalcomponent_isa(component) == ICAL_VTIMEZONE_COMPONENT, let zone = icaltimezone_new() else {
            icalcomponent_free(component)
            throw ICalendarError(.invalidValue, "VTIMEZONE '\(tzid.prefix(100))' does not parse")
        }
        // On success the zone owns the component; on failure we still do.
        guard icaltimezone_set_component(zone, component) == 1 else {
            icalcomponent_free(component)
            icaltimezone_free(zone, 1)
            throw ICalendarError(.invalidValue, "VTIMEZONE '\(tzid.prefix(100))' is incomplete")
        }
        let rules = ZoneRules(tzid: tzid, zone: zone, owned: true)
        if cache.count > 1024 { cache = cache.filter { $0.key.hasPrefix("builtin:") } }
        cache[key] = rules
        return rules
    }
}
