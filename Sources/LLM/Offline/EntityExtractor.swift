public import Foundation

/// Everything the offline model pulls out of one message.
public struct ExtractedEntities: Sendable, Hashable {
    /// The date/time phrase, resolved in the user's zone.
    public var date: DateMention?
    /// "30 min", "an hour and a half" → 30, 90.
    public var durationMinutes: Int?
    /// Capitalised names after "with", "meet", "invite" … ("Dana", "Sam Lee").
    public var people: [String] = []
    public var emails: [String] = []
    /// The speaker's own name ("I'm Alex Smith", "my name is Alex").
    public var selfName: String?
    /// "the first one", "the 2nd", "option 3" → 1, 2, 3 (1-based).
    public var ordinal: Int?
    /// The words left once dates, durations, people and request verbs are removed:
    /// "Schedule dentist appointment tomorrow at 3pm" → "dentist appointment".
    public var topic: String = ""

    public init() {}
}

/// Pulls dates, durations, people and emails out of a message. Pure and deterministic:
/// relative phrases resolve against the `UserClock` it is given.
public struct EntityExtractor: Sendable {
    public let clock: UserClock

    public init(clock: UserClock) {
        self.clock = clock
    }

    public func extract(_ text: String) -> ExtractedEntities {
        let tokens = OfflineTokenizer.tokenize(text)
        var entities = ExtractedEntities()
        var dates = DateTimeParser(clock: clock, tokens: tokens)
        entities.date = dates.parse()
        var used = dates.consumed

        var index = 0
        while index < tokens.count {
            if !used.contains(index), entities.durationMinutes == nil,
               let match = DurationParser.match(tokens, at: index),
               !(index..<index + match.count).contains(where: used.contains) {
                entities.durationMinutes = Int(match.minutes.rounded())
                let first = index > 0 && tokens[index - 1].text == "for" ? index - 1 : index
                for i in first..<index + match.count { used.insert(i) }
                index += match.count
                continue
            }
            index += 1
        }
        for (i, token) in tokens.enumerated() where Self.isEmail(token.original) {
            entities.emails.append(token.original.lowercased())
            used.insert(i)
        }
        let people = PeopleFinder(tokens: tokens)
        entities.people = people.names(skipping: &used)
        entities.selfName = people.selfName(skipping: &used)
        entities.ordinal = Self.ordinal(tokens, used: &used)
        entities.topic = Self.topic(tokens, used: used)
        return entities
    }

    static func isEmail(_ word: String) -> Bool {
        let parts = word.split(separator: "@")
        return parts.count == 2 && parts[1].contains(".") && !parts[1].hasSuffix(".") && !parts[0].isEmpty
    }

    private static let ordinals: [String: Int] = [
        "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
        "fifth": 5, "5th": 5, "last": -1,
    ]

    /// "the first one", "second", "option 2", "#3", "number 2".
    private static func ordinal(_ tokens: [OfflineToken], used: inout Set<Int>) -> Int? {
        for (i, token) in tokens.enumerated() where !used.contains(i) {
            if let value = ordinals[token.text] {
                used.insert(i)
                return value
            }
            if ["option", "number", "slot", "#"].contains(token.text), i + 1 < tokens.count, let value = Int(tokens[i + 1].text), value < 20 {
                used.insert(i); used.insert(i + 1)
                return value
            }
            if token.text.hasPrefix("#"), let value = Int(token.text.dropFirst()), value < 20 {
                used.insert(i)
                return value
            }
        }
        return nil
    }

    /// Words that ask for something rather than name it.
    static let fillerWords: Set<String> = [
        "a", "an", "the", "for", "at", "on", "in", "to", "my", "me", "please", "pls", "can", "could",
        "you", "would", "will", "i", "we", "let's", "lets", "set", "up", "put", "add", "create",
        "schedule", "book", "block", "make", "new", "event", "calendar", "some", "time", "of", "from",
        "and", "with", "it", "is", "be", "want", "need", "like", "d", "i'd", "i'm", "hey", "hi",
        "perin", "an", "into", "our", "us", "that", "this", "arrange", "organise", "organize",
        "plan", "setup", "called", "titled", "named", "about", "should", "do", "find", "slot",
        "minutes", "hours", "long", "also", "just", "quick", "there", "meeting", "meet", "invite", "remind", "every",
    ]

    private static func topic(_ tokens: [OfflineToken], used: Set<Int>) -> String {
        var words: [String] = []
        for (i, token) in tokens.enumerated() where !used.contains(i) && !fillerWords.contains(token.text) {
            if token.text.contains("@") { continue }
            words.append(token.original)
        }
        return words.joined(separator: " ")
    }
}
