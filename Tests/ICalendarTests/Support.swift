import Foundation
import ICalendar
import Testing

/// Reads a fixture from `Resources`.
func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// A UTC instant from `yyyy-MM-ddTHH:mm`.
func utc(_ text: String) -> Date {
    let p = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0)! }
    let l = LocalDateTime(year: p[0], month: p[1], day: p[2], hour: p.count > 3 ? p[3] : 0, minute: p.count > 4 ? p[4] : 0)
    return Date(timeIntervalSince1970: TimeInterval(l.wallSeconds))
}

/// The ISO form of an instant, UTC, minutes precision: `2026-03-02T09:00`.
func iso(_ date: Date) -> String {
    let l = LocalDateTime(wallSeconds: Int64(date.timeIntervalSince1970))
    func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(l.year)-\(p(l.month))-\(p(l.day))T\(p(l.hour)):\(p(l.minute))"
}

/// A calendar with the given lines between BEGIN:VCALENDAR and END:VCALENDAR.
func calendar(_ lines: [String]) -> String {
    (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"] + lines + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
}

/// One VEVENT with DTSTART and an RRULE (and extra lines), expanded: start instants as ISO.
func expand(start: String, rule: String?, extra: [String] = [], from: String, to: String) throws -> [String] {
    var lines = ["BEGIN:VEVENT", "UID:x@test", "DTSTAMP:20260101T000000Z", start]
    if let rule { lines.append("RRULE:" + rule) }
    lines += extra + ["END:VEVENT"]
    let cal = try VCalendar(parsing: calendar(lines))
    return try cal.occurrences(from: utc(from), to: utc(to)).map { iso($0.start) }
}
