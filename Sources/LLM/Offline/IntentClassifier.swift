/// What the classifier knows besides the message: it changes what "yes" or "book" means.
public struct IntentContext: Sendable, Hashable {
    /// An external contact talking through a delegation link: any booking talk is a booking.
    public var isDelegation: Bool
    /// The owner has actionable notifications, so "yes" / "the first one" answers one.
    public var hasPendingNotifications: Bool

    public init(isDelegation: Bool = false, hasPendingNotifications: Bool = false) {
        self.isDelegation = isDelegation
        self.hasPendingNotifications = hasPendingNotifications
    }
}

/// Keyword and phrase rules, checked from the most specific intent to the most general.
/// Deterministic: the same message and context always give the same answer.
public struct IntentClassifier: Sendable {
    public init() {}

    public func classify(_ text: String, context: IntentContext = IntentContext()) -> IntentClassification {
        let tokens = OfflineTokenizer.tokenize(text)
        let phrase = " " + tokens.map(\.text).joined(separator: " ") + " "
        func has(_ candidates: [String]) -> String? {
            candidates.first { phrase.contains(" \($0) ") }
        }
        let first = tokens.first?.text ?? ""
        let isQuestion = text.contains("?") || Self.questionStarts.contains(first)

        if !isQuestion || first == "can" || first == "could", let cue = has(Self.rememberCues) {
            return IntentClassification(intent: .rememberFact, confidence: 0.95, cue: cue)
        }
        if let cue = has(Self.recallCues) {
            return IntentClassification(intent: .memoryQuestion, confidence: 0.85, cue: cue)
        }
        if !context.isDelegation, let cue = has(Self.notificationVerbs) {
            let confidence = has(Self.notificationObjects) != nil || context.hasPendingNotifications ? 0.9 : 0.7
            return IntentClassification(intent: .answerNotification, confidence: confidence, cue: cue)
        }
        if !context.isDelegation, context.hasPendingNotifications, tokens.count <= 4, let cue = has(Self.shortAnswers) {
            return IntentClassification(intent: .answerNotification, confidence: 0.75, cue: cue)
        }
        if let cue = has(Self.cancelCues) {
            return IntentClassification(intent: .rescheduleOrCancel, confidence: 0.9, cue: cue)
        }
        if context.isDelegation {
            if let cue = has(Self.greetings + Self.thanks), tokens.count <= 3 {
                return IntentClassification(intent: .smallTalk, confidence: 0.8, cue: cue)
            }
            return IntentClassification(intent: .delegationBooking, confidence: has(Self.bookingCues) != nil ? 0.9 : 0.6,
                                        cue: has(Self.bookingCues))
        }
        if let cue = has(Self.emailCues) {
            return IntentClassification(intent: .emailQuestion, confidence: 0.85, cue: cue)
        }
        let scheduleCue = has(Self.scheduleVerbs)
        if let cue = scheduleCue, !(isQuestion && has(Self.calendarCues) != nil && first != "can" && first != "could") {
            return IntentClassification(intent: .schedule, confidence: 0.9, cue: cue)
        }
        if let cue = has(Self.calendarCues) {
            return IntentClassification(intent: .calendarQuestion, confidence: 0.85, cue: cue)
        }
        if let cue = scheduleCue {
            return IntentClassification(intent: .schedule, confidence: 0.7, cue: cue)
        }
        if let cue = has(Self.meetingNouns), !isQuestion {
            return IntentClassification(intent: .schedule, confidence: 0.6, cue: cue)
        }
        if let cue = has(Self.greetings + Self.thanks) {
            return IntentClassification(intent: .smallTalk, confidence: 0.9, cue: cue)
        }
        return IntentClassification(intent: .smallTalk, confidence: 0.3)
    }

    static let questionStarts: Set<String> = [
        "what", "what's", "whats", "when", "where", "who", "how", "am", "are", "is", "do", "does",
        "did", "any", "anything", "have", "can", "could", "which",
    ]
    static let rememberCues = [
        "remember that", "remember", "note that", "don't forget that", "dont forget that",
        "keep in mind", "make a note", "save that", "memorize", "memorise",
    ]
    static let recallCues = [
        "what do you know about me", "what do you remember", "do you remember", "what have you saved",
        "my preferences", "what did i tell you", "do you know my",
    ]
    static let notificationVerbs = [
        "accept", "decline", "reject", "approve", "deny", "dismiss", "refuse", "confirm the request",
        "accept it", "decline it",
    ]
    static let notificationObjects = [
        "first", "second", "third", "last", "one", "it", "request", "invite", "invitation",
        "notification", "proposal", "all",
    ]
    static let shortAnswers = [
        "yes", "yep", "yeah", "sure", "ok", "okay", "sounds good", "no", "nope", "go ahead", "do it",
    ]
    static let cancelCues = [
        "cancel", "reschedule", "re-schedule", "postpone", "move my", "move the", "move it", "push my",
        "push the", "push back", "call off", "delete the", "delete my", "remove the", "remove my",
        "shift my", "bring forward", "rebook",
    ]
    static let emailCues = [
        "email", "emails", "e-mail", "mail", "mails", "inbox", "gmail", "unread", "newsletter",
        "replied", "reply from", "wrote to me", "messages from", "message from",
    ]
    static let scheduleVerbs = [
        "schedule", "book", "set up", "arrange", "organise", "organize", "block", "add",
        "put", "create an event", "create a meeting", "plan a", "let's meet", "lets meet",
        "find time", "find a time", "remind me", "meet with", "set a meeting", "pencil in",
        "invite", "have a call", "grab coffee", "catch up with", "confirm",
        // "Find 30 minutes with dana@…": a meeting length with someone.
        "minutes with", "an hour with", "hour with",
    ]
    static let calendarCues = [
        "calendar", "my schedule", "the schedule", "what do i have", "am i free", "am i busy",
        "am i available", "what's on", "whats on", "my day", "agenda", "my week", "any meetings",
        "meetings today", "meetings tomorrow", "what's next", "whats next", "next meeting",
        "when is my", "anything on", "do i have", "free time", "busy",
    ]
    static let meetingNouns = ["meet", "meeting", "call", "appointment", "lunch", "coffee", "dinner", "sync", "1:1"]
    static let bookingCues = [
        "book", "schedule", "meet", "meeting", "available", "availability", "free", "slot", "slots",
        "time", "call", "works", "first", "second", "third",
    ]
    static let greetings = ["hi", "hello", "hey", "good morning", "good afternoon", "good evening", "howdy", "yo"]
    static let thanks = ["thanks", "thank you", "thx", "cheers", "great", "perfect", "awesome"]
}
