import Foundation

/// A calendar event (or proposal) read from a tool result or a context line.
struct OfflineEvent: Sendable, Hashable {
    var title: String
    var start: Date
    var end: Date?

    init(title: String, start: Date, end: Date?) {
        self.title = title
        self.start = start
        self.end = end
    }

    init?(record: [String: JSONValue], clock: UserClock) {
        guard let startText = OfflineJSON.string(record, ["start", "startTime", "start_time", "startsAt", "from"]),
              let start = ISOTimestamp.parse(startText, in: clock) else { return nil }
        self.start = start.date
        self.end = OfflineJSON.string(record, ["end", "endTime", "end_time", "endsAt", "to"])
            .flatMap { ISOTimestamp.parse($0, in: clock)?.date }
        self.title = OfflineJSON.string(record, ["title", "summary", "name", "subject"]) ?? (start.hasTime ? "Busy" : "All day")
    }

    /// A context line such as "2026-11-24T09:00:00+01:00 – 2026-11-24T09:30:00+01:00 Standup"
    /// or "Standup: 2026-11-24T09:00 - 09:30"; nil when it holds no date-time.
    init?(line: String, clock: UserClock) {
        let stamps = ISOTimestamp.all(in: line, clock: clock)
        guard let start = stamps.first else { return nil }
        self.start = start
        self.end = stamps.dropFirst().first
        var title = line
        for word in line.split(separator: " ") where word.contains(where: \.isNumber) && (word.contains(":") || word.contains("-")) {
            title = title.replacingOccurrences(of: String(word), with: "")
        }
        title = title.trimmingCharacters(in: CharacterSet(charactersIn: " -–—:|,()").union(.whitespaces))
        self.title = title.isEmpty ? "Busy" : title
    }

    /// "09:00–09:30 Standup" or, across days, "Tue 24 Nov 09:00–09:30 Standup".
    func line(_ clock: UserClock, withDay: Bool) -> String {
        let times = end.map { "\(clock.clock(start))–\(clock.clock($0))" } ?? clock.clock(start)
        return (withDay ? "\(clock.day(start)) " : "") + "\(times) \(title)"
    }
}
