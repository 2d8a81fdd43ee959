/// Finds people's names in a message: capitalised words after "with", "meet", "invite",
/// "and" (in a list of names), and the speaker's own name after "I'm" / "my name is".
struct PeopleFinder {
    let tokens: [OfflineToken]

    func names(skipping used: inout Set<Int>) -> [String] {
        var names: [String] = []
        var index = 0
        while index < tokens.count {
            let lead = tokens[index].text
            if ["with", "meet", "invite", "and", "call", "ping", "from", "to"].contains(lead),
               lead != "and" || !names.isEmpty,
               let (name, count) = name(at: index + 1, used: used) {
                // "from"/"to" only introduce a person when the name is clearly one (not "to Friday").
                names.append(name)
                for i in index...(index + count) where lead != "and" || i > index { used.insert(i) }
                if lead == "and" { used.insert(index) }
                index += count + 1
                continue
            }
            index += 1
        }
        return names
    }

    func selfName(skipping used: inout Set<Int>) -> String? {
        for index in tokens.indices {
            var start: Int?
            let word = tokens[index].text
            if ["i'm", "im", "i’m"].contains(word) { start = index + 1 }
            if word == "i", tokens.indices.contains(index + 1), tokens[index + 1].text == "am" { start = index + 2 }
            if word == "name", tokens.indices.contains(index + 1), tokens[index + 1].text == "is" { start = index + 2 }
            if word == "this", index == 0 || tokens[index - 1].text == "hi", tokens.indices.contains(index + 1),
               tokens[index + 1].text == "is" { start = index + 2 }
            if let start, let (name, count) = name(at: start, used: used) {
                for i in index..<(start + count) { used.insert(i) }
                return name
            }
        }
        return nil
    }

    /// Up to three capitalised words that are not calendar words.
    private func name(at start: Int, used: Set<Int>) -> (String, Int)? {
        var parts: [String] = []
        var index = start
        while index < tokens.count, parts.count < 3, !used.contains(index) {
            let token = tokens[index]
            guard token.isCapitalised, token.original.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" }),
                  !Self.notNames.contains(token.text) else { break }
            parts.append(token.original)
            index += 1
        }
        return parts.isEmpty ? nil : (parts.joined(separator: " "), parts.count)
    }

    /// Capitalised words that are not people (sentence starts, days, months, products).
    static let notNames: Set<String> = {
        var words: Set<String> = [
            "i", "today", "tomorrow", "tonight", "next", "this", "the", "a", "an", "my", "me", "at", "on",
            "in", "for", "please", "thanks", "perin", "zoom", "google", "meet", "teams", "lunch",
            "dinner", "coffee", "breakfast", "morning", "afternoon", "evening", "noon", "am", "pm",
            "calendar", "email", "gmail", "and", "or", "about", "re",
        ]
        words.formUnion(DateTimeParser.weekdays.keys)
        words.formUnion(DateTimeParser.months.keys)
        return words
    }()
}
