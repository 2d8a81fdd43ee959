/// What the user wants, as the offline model understands it.
///
/// The raw values are stable: `/api/ai/classify` may return them as JSON.
public enum OfflineIntent: String, Sendable, Hashable, CaseIterable, Codable {
    /// Put something on the calendar, alone or with someone.
    case schedule
    /// Move or cancel something that is already on the calendar.
    case rescheduleOrCancel = "reschedule_or_cancel"
    /// "What's on my calendar Friday?", "Am I free at 3?"
    case calendarQuestion = "calendar_question"
    /// "Any emails from Dana?"
    case emailQuestion = "email_question"
    /// "Remember that I prefer morning meetings."
    case rememberFact = "remember_fact"
    /// "What do you know about me?"
    case memoryQuestion = "memory_question"
    /// "Accept the first one", "yes", "decline".
    case answerNotification = "answer_notification"
    /// An external contact booking time through a delegation link.
    case delegationBooking = "delegation_booking"
    /// Greetings, thanks and everything the model does not recognise.
    case smallTalk = "small_talk"
}

/// An intent with how sure the classifier is (0…1) and the cue that decided it.
public struct IntentClassification: Sendable, Hashable {
    public var intent: OfflineIntent
    public var confidence: Double
    /// The word or phrase that decided the intent, for logs and `/api/ai/classify`.
    public var cue: String?

    public init(intent: OfflineIntent, confidence: Double, cue: String? = nil) {
        self.intent = intent
        self.confidence = confidence
        self.cue = cue
    }
}
