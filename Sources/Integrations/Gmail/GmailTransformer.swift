import Foundation

/// Turns Gmail messages into compact prompt context: one line per message (date, unread mark,
/// sender, subject, snippet), newest first, stopping before `budget` characters.
public enum GmailTransformer {
    public static func context(_ messages: [GmailClient.Message], budget: Int = 2000, timeZone: TimeZone = .gmt) -> String {
        guard !messages.isEmpty else { return "No recent email." }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM HH:mm"
        var lines: [String] = []
        var used = 0
        for message in messages {
            let date = message.date.map(formatter.string) ?? "?"
            let from = clean(message.header("From") ?? "unknown sender", limit: 60)
            let subject = clean(message.header("Subject") ?? "(no subject)", limit: 100)
            let snippet = clean(message.snippet ?? "", limit: 140)
            let line = "- \(date)\(message.isUnread ? " [unread]" : "") from \(from): \(subject)" + (snippet.isEmpty ? "" : " — \(snippet)")
            guard used + line.count + 1 <= budget else {
                lines.append("(\(messages.count - lines.count) more not shown)")
                break
            }
            lines.append(line)
            used += line.count + 1
        }
        return lines.joined(separator: "\n")
    }

    /// One line, no control characters, HTML entities Gmail puts in snippets decoded, cut short.
    public static func clean(_ text: String, limit: Int) -> String {
        var value = text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        value = String(value.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
        value = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return value.count > limit ? String(value.prefix(limit - 1)) + "…" : value
    }
}
