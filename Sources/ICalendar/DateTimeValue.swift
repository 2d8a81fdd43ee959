/// A DTSTART/DTEND/RDATE/EXDATE/RECURRENCE-ID value as the file states it.
public enum DateTimeValue: Sendable, Hashable {
    /// `VALUE=DATE`: an all-day date (time fields zero).
    case date(LocalDateTime)
    /// No zone: the same wall-clock time wherever the reader is.
    case floating(LocalDateTime)
    /// A UTC time (`…Z`).
    case utc(LocalDateTime)
    /// A wall time in the zone named by TZID.
    case zoned(LocalDateTime, tzid: String)

    public var local: LocalDateTime {
        switch self {
        case .date(let t), .floating(let t), .utc(let t), .zoned(let t, _): return t
        }
    }

    public var isDate: Bool {
        if case .date = self { return true }
        return false
    }

    public var tzid: String? {
        if case .zoned(_, let tzid) = self { return tzid }
        return nil
    }

    /// The same kind of value with another wall time.
    func with(_ local: LocalDateTime) -> DateTimeValue {
        switch self {
        case .date: return .date(local)
        case .floating: return .floating(local)
        case .utc: return .utc(local)
        case .zoned(_, let tzid): return .zoned(local, tzid: tzid)
        }
    }

    /// The property line for `name`, e.g. `DTSTART;TZID=Europe/Berlin:20260101T090000`.
    func line(_ name: String) -> String {
        switch self {
        case .date(let t): return "\(name);VALUE=DATE:\(t.dateDescription)"
        case .floating(let t): return "\(name):\(t)"
        case .utc(let t): return "\(name):\(t)Z"
        case .zoned(let t, let tzid): return "\(name);TZID=\(Self.quoteParameter(tzid)):\(t)"
        }
    }

    /// RFC 5545 parameter values with `:;,` are quoted; DQUOTE itself cannot appear.
    static func quoteParameter(_ value: String) -> String {
        let clean = value.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
        return clean.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"\(clean)\"" : clean
    }
}
