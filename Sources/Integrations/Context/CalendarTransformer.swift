import Foundation

/// Turns events into compact prompt context in the owner's time zone, earliest first, under a
/// size budget.
public enum CalendarTransformer {
    public static func context(_ events: [CalendarEvent], budget: Int = 2500, timeZone: TimeZone) -> String {
        guard !events.isEmpty else { return "No events in the next 7 days." }
        var lines: [String] = []
        var used = 0
        for (index, event) in events.enumerated() {
            var line = "- \(range(event.start, event.end, zone: timeZone)) \(GmailTransformer.clean(event.title, limit: 100))"
            if let location = event.location, !location.isEmpty { line += " @ \(GmailTransformer.clean(location, limit: 60))" }
            let people = event.attendees.prefix(5).map { $0.name ?? $0.email }
            if !people.isEmpty { line += " with \(people.joined(separator: ", "))" }
            guard used + line.count + 1 <= budget else {
                lines.append("(\(events.count - index) more not shown)")
                break
            }
            lines.append(line)
            used += line.count + 1
        }
        return "Times in \(timeZone.identifier).\n" + lines.joined(separator: "\n")
    }

    /// `Fri 12 Jun 10:00–10:30`, or with both dates when it spans days.
    static func range(_ start: Date, _ end: Date, zone: TimeZone) -> String {
        let day = formatter("EEE d MMM", zone), time = formatter("HH:mm", zone)
        let sameDay = day.string(from: start) == day.string(from: end.addingTimeInterval(-1))
        return sameDay
            ? "\(day.string(from: start)) \(time.string(from: start))–\(time.string(from: end))"
            : "\(day.string(from: start)) \(time.string(from: start)) – \(day.string(from: end)) \(time.string(from: end))"
    }

    static func formatter(_ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }
}
