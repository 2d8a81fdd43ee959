public import Foundation

/// What the offline model reads from a request's system messages.
///
/// **Time convention.** The user's "now" and time zone travel in the system prompt as one line:
///
///     Current time: 2026-11-21T10:00:00+01:00 (Europe/Berlin)
///
/// (`currentTimeLine(now:timeZone:)` renders it; "Current date and time:" and "Now:" are
/// accepted too, and a separate `Time zone: Europe/Berlin` line also sets the zone). Without
/// it the model uses its own clock and default zone.
///
/// **Context sections.** A line ending in ":" or starting with "#" opens a section; the
/// lines under it (bullets stripped) are its items. Sections whose heading mentions
/// calendar/events/schedule, email/inbox/mail, memory/remember/know, notifications are
/// used to answer questions when no tool is offered.
public struct PromptContext: Sendable {
    public struct Section: Sendable, Hashable {
        public var heading: String
        public var items: [String]
    }

    public var now: Date?
    public var timeZone: TimeZone?
    /// "You are Perin, …" / "Your name is Perin".
    public var assistantName: String?
    public var sections: [Section] = []
    /// The prompt says this is a delegation (external contact) conversation.
    public var mentionsDelegation = false
    /// "Visitor name: …" / "Visitor email: …" lines of a delegation prompt.
    public var visitorName: String?
    public var visitorEmail: String?
    /// "Meeting duration: 30 minutes" / "Default duration: 45 min" of a delegation link.
    public var meetingMinutes: Int?

    public static func currentTimeLine(now: Date, timeZone: TimeZone) -> String {
        "Current time: \(UserClock(now: now, timeZone: timeZone).iso(now)) (\(timeZone.identifier))"
    }

    public init(system texts: [String]) {
        for text in texts {
            read(text)
        }
    }

    private mutating func read(_ text: String) {
        var heading: String?
        var items: [String] = []
        func close() {
            if let heading, !items.isEmpty { sections.append(Section(heading: heading, items: items)) }
            items = []
        }
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = Self.stripBullet(String(rawLine))
            guard !line.isEmpty else { continue }
            let lower = line.lowercased()
            if lower.contains("delegation") || lower.contains("on behalf of") { mentionsDelegation = true }
            if readSetting(line, lower) { continue }
            if assistantName == nil { assistantName = Self.name(in: line) }
            if line.hasPrefix("#") || (line.hasSuffix(":") && line.count <= 60) {
                close()
                heading = line.trimmingCharacters(in: CharacterSet(charactersIn: "#:* ")).lowercased()
            } else if heading != nil {
                items.append(line)
            }
        }
        close()
    }

    /// "Current time: …", "Time zone: …". Returns true when the line was one of these.
    private mutating func readSetting(_ line: String, _ lower: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let label = lower[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        switch label {
        case "current time", "current date and time", "now", "current datetime", "current date/time":
            let words = value.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }).map(String.init)
            if let zone = words.compactMap({ $0.contains("/") || $0 == "UTC" ? TimeZone(identifier: $0) : nil }).first {
                timeZone = zone
            }
            let zone = timeZone ?? TimeZone(secondsFromGMT: 0)!
            if let stamp = words.lazy.compactMap({ ISOTimestamp.parse($0, in: UserClock(now: Date(timeIntervalSince1970: 0), timeZone: zone)) }).first {
                now = stamp.date
            }
            return true
        case "time zone", "timezone", "user time zone", "user timezone", "owner time zone":
            if let zone = TimeZone(identifier: value.split(separator: " ").first.map(String.init) ?? value) { timeZone = zone }
            return true
        case "visitor name", "guest name", "contact name", "visitor", "guest":
            visitorName = value.isEmpty ? nil : value
            return true
        case "visitor email", "guest email", "contact email":
            visitorEmail = value.isEmpty ? nil : value.lowercased()
            return true
        case "meeting duration", "default duration", "duration", "default meeting duration":
            let tokens = OfflineTokenizer.tokenize(value)
            meetingMinutes = DurationParser.match(tokens, at: 0).map { Int($0.minutes) }
                ?? Int(value.prefix { $0.isNumber })
            return true
        default:
            return false
        }
    }

    /// The items of every section whose heading contains one of `words`.
    public func items(headedBy words: [String]) -> [String] {
        sections.filter { section in words.contains { section.heading.contains($0) } }.flatMap(\.items)
    }

    static func stripBullet(_ line: String) -> String {
        var text = line.trimmingCharacters(in: .whitespaces)
        for bullet in ["- ", "* ", "• ", "– "] where text.hasPrefix(bullet) {
            text.removeFirst(bullet.count)
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    private static func name(in line: String) -> String? {
        for lead in ["You are ", "Your name is ", "you are "] {
            guard let range = line.range(of: lead) else { continue }
            let word = line[range.upperBound...].prefix { $0.isLetter }
            if let first = word.first, first.isUppercase { return String(word) }
        }
        return nil
    }
}
