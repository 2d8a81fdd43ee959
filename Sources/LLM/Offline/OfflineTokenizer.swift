import Foundation

/// One word of the user's message: lower-cased for matching, original for names and titles.
struct OfflineToken: Sendable, Hashable {
    var text: String
    var original: String

    var isCapitalised: Bool { original.first?.isUppercase ?? false }
}

/// Splits a message into word tokens. Keeps `:` `.` `-` `@` inside a word so that
/// "10:30", "2026-11-24", "2-3pm" and emails survive as one token.
enum OfflineTokenizer {
    static func tokenize(_ text: String) -> [OfflineToken] {
        var tokens: [OfflineToken] = []
        var current = ""
        func flush() {
            var word = current
            current = ""
            // Sentence punctuation at the end of a word is not part of it ("3pm." "Dana's").
            while let last = word.last, ".:-'’".contains(last) { word.removeLast() }
            while let first = word.first, ".:-'’".contains(first) { word.removeFirst() }
            word = word.replacingOccurrences(of: "’", with: "'")
            // A possessive ("Dana's", "tomorrow's") names the owner; "let's", "what's" stay whole.
            if word.hasSuffix("'s"), !contractions.contains(word.lowercased()) { word.removeLast(2) }
            guard !word.isEmpty else { return }
            tokens.append(OfflineToken(text: word.lowercased(), original: word))
        }
        for character in text {
            if character.isLetter || character.isNumber || "@_+:.-'’/".contains(character) {
                current.append(character)
            } else if character == "–" || character == "—" {
                // An en dash between times is a range ("2–3pm"); elsewhere a separator.
                if let last = current.last, last.isNumber || last.isLetter { current.append("-") } else { flush() }
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    static let contractions: Set<String> = [
        "let's", "it's", "what's", "that's", "here's", "there's", "he's", "she's", "who's", "where's", "how's", "when's",
    ]

    /// "one" … "twelve", "a", "an", "half" as numbers; digits as themselves.
    static func number(_ word: String) -> Double? {
        if let value = Double(word) { return value }
        return numberWords[word]
    }

    static let numberWords: [String: Double] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
        "sixty": 60, "ninety": 90, "half": 0.5, "couple": 2,
    ]
}
