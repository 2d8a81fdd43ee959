import Foundation

/// "Remember that I prefer morning meetings" → key `prefer_morning_meetings`,
/// content "I prefer morning meetings".
struct MemoryFact: Sendable, Hashable {
    var key: String
    var content: String

    init(_ message: String) {
        var body = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = body.lowercased()
        for cue in IntentClassifier.rememberCues {
            guard let range = lower.range(of: cue) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
            body = String(body.dropFirst(offset))
            break
        }
        body = body.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        for lead in ["that ", "this: ", "this "] where body.lowercased().hasPrefix(lead) {
            body = String(body.dropFirst(lead.count))
        }
        body = body.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".!")))
        if let first = body.first { body = first.uppercased() + body.dropFirst() }
        content = body.isEmpty ? message : body
        key = Self.key(for: content)
    }

    private static let skip: Set<String> = [
        "i", "my", "me", "that", "is", "am", "are", "the", "a", "an", "to", "i'm", "im", "and", "of", "in", "for",
    ]

    /// "my X is Y" names the fact X; otherwise the first few meaningful words.
    static func key(for content: String) -> String {
        let words = OfflineTokenizer.tokenize(content).map(\.text)
        if words.first == "my", let verb = words.firstIndex(where: { ["is", "are", "was"].contains($0) }), verb > 1 {
            return words[1..<verb].prefix(4).joined(separator: "_")
        }
        let meaningful = words.filter { !skip.contains($0) }.prefix(4)
        return meaningful.isEmpty ? "note" : meaningful.joined(separator: "_")
    }
}
