import Foundation

/// Ranks memory entries for a message: term overlap with the key (weighted higher) and the
/// content, the entry's importance, and recency (half-life of 30 days). Pure, so the
/// memory API and the graph rank the same way.
public struct MemoryRelevance: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var content: String
        public var importance: Double
        public var updatedAt: Date

        public init(key: String, content: String, importance: Double, updatedAt: Date) {
            self.key = key
            self.content = content
            self.importance = importance
            self.updatedAt = updatedAt
        }
    }

    public var now: Date

    public init(now: Date = Date()) {
        self.now = now
    }

    public func score(_ entry: Entry, for message: String) -> Double {
        score(entry, terms: Self.terms(message))
    }

    func score(_ entry: Entry, terms: Set<String>) -> Double {
        let keyTerms = Self.terms(entry.key.replacingOccurrences(of: "_", with: " "))
        let contentTerms = Self.terms(entry.content)
        var overlap = 0.0
        if !terms.isEmpty {
            let keyHits = Double(terms.intersection(keyTerms).count)
            let contentHits = Double(terms.intersection(contentTerms).count)
            overlap = min(1, (2 * keyHits + contentHits) / Double(terms.count))
        }
        let ageDays = max(0, now.timeIntervalSince(entry.updatedAt) / 86_400)
        let recency = pow(0.5, ageDays / 30)
        return 0.6 * overlap + 0.25 * min(max(entry.importance, 0), 1) + 0.15 * recency
    }

    /// Entries best first (ties by key), at most `limit`.
    public func rank(_ entries: [Entry], for message: String, limit: Int) -> [(entry: Entry, score: Double)] {
        let terms = Self.terms(message)
        let scored: [(entry: Entry, score: Double)] = entries.map { entry in (entry: entry, score: score(entry, terms: terms)) }
        let ordered = scored.sorted { left, right in
            left.score != right.score ? left.score > right.score : left.entry.key < right.entry.key
        }
        return Array(ordered.prefix(max(0, limit)))
    }

    /// Lower-cased words of 3+ letters minus stop words, with a light plural strip and a few
    /// scheduling synonyms so "book a call" finds "prefer morning meetings".
    static func terms(_ text: String) -> Set<String> {
        var result = Set<String>()
        for raw in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            var word = String(raw)
            guard word.count >= 3, !stopWords.contains(word) else { continue }
            if word.count > 4, word.hasSuffix("s"), !word.hasSuffix("ss") { word.removeLast() }
            result.insert(word)
            if let synonym = synonyms[word] { result.insert(synonym) }
        }
        return result
    }

    static let synonyms: [String: String] = [
        "schedule": "meeting", "book": "meeting", "call": "meeting", "appointment": "meeting", "meet": "meeting",
        "calendar": "meeting", "email": "mail", "inbox": "mail",
    ]

    static let stopWords: Set<String> = [
        "the", "and", "that", "this", "with", "for", "you", "your", "are", "was", "what", "when", "who", "how",
        "can", "please", "remember", "about", "from", "have", "has", "will", "would", "should", "not", "but", "all",
        "any", "there", "their", "them", "they", "its", "into", "out", "also", "just", "like", "prefer", "know",
    ]
}
