import Testing
@testable import LLM

@Suite struct OfflineIntentClassifierTests {
    static let owner: [(String, OfflineIntent)] = [
        ("Schedule 30 minutes with Dana tomorrow at 10", .schedule),
        ("Book a meeting with Sam next Tuesday morning", .schedule),
        ("Can you set up a call with Priya on Friday?", .schedule),
        ("Add dentist appointment on Friday at 3pm", .schedule),
        ("Put lunch with Jordan on my calendar Thursday at noon", .schedule),
        ("Block 2 hours for deep work tomorrow morning", .schedule),
        ("Find time with dana@example.com next week", .schedule),
        ("Let's meet Alex on the 14th", .schedule),
        ("Remind me to call mum at 6pm", .schedule),
        ("Arrange a sync with the design team in 2 hours", .schedule),
        ("Coffee with Sam Fri 10:30", .schedule),
        ("Could you book the gym today at noon?", .schedule),
        ("Confirm the meeting with Dana", .schedule),
        ("What's on my calendar Friday?", .calendarQuestion),
        ("What do I have tomorrow?", .calendarQuestion),
        ("Am I free at 3pm?", .calendarQuestion),
        ("What's my schedule today?", .calendarQuestion),
        ("Any meetings next week?", .calendarQuestion),
        ("How does my day look?", .calendarQuestion),
        ("When is my next meeting?", .calendarQuestion),
        ("Am I busy on Monday afternoon?", .calendarQuestion),
        ("Do I have anything on the 14th?", .calendarQuestion),
        ("Show me my agenda", .calendarQuestion),
        ("Any emails from Dana?", .emailQuestion),
        ("Did Sam reply to my email?", .emailQuestion),
        ("Check my inbox", .emailQuestion),
        ("Do I have unread mail about the contract?", .emailQuestion),
        ("What did the newsletter say?", .emailQuestion),
        ("Remember that I prefer morning meetings", .rememberFact),
        ("Please remember my wife's name is Anna", .rememberFact),
        ("Note that I'm vegetarian", .rememberFact),
        ("Keep in mind I don't take calls on Fridays", .rememberFact),
        ("Don't forget that my flight is on the 3rd", .rememberFact),
        ("What do you know about me?", .memoryQuestion),
        ("Do you remember my wife's name?", .memoryQuestion),
        ("What did I tell you about lunch?", .memoryQuestion),
        ("Accept the first one", .answerNotification),
        ("Decline the second request", .answerNotification),
        ("Reject Sam's invitation", .answerNotification),
        ("Approve it", .answerNotification),
        ("Cancel my 3pm meeting", .rescheduleOrCancel),
        ("Move my meeting with Dana to Friday", .rescheduleOrCancel),
        ("Reschedule tomorrow's standup to 11", .rescheduleOrCancel),
        ("Push the review back an hour", .rescheduleOrCancel),
        ("Postpone lunch with Sam", .rescheduleOrCancel),
        ("Call off the sync on Monday", .rescheduleOrCancel),
        ("Hi", .smallTalk),
        ("Hello there!", .smallTalk),
        ("Thanks!", .smallTalk),
        ("How are you?", .smallTalk),
        ("Tell me a joke", .smallTalk),
    ]

    @Test(arguments: owner)
    func classifiesOwnerMessages(text: String, intent: OfflineIntent) {
        #expect(IntentClassifier().classify(text).intent == intent)
    }

    static let withNotifications: [(String, OfflineIntent)] = [
        ("yes", .answerNotification), ("Yes please", .answerNotification), ("no", .answerNotification),
        ("decline", .answerNotification), ("sure", .answerNotification), ("What's on my calendar today?", .calendarQuestion),
    ]

    @Test(arguments: withNotifications)
    func shortAnswersGoToPendingNotifications(text: String, intent: OfflineIntent) {
        let result = IntentClassifier().classify(text, context: IntentContext(hasPendingNotifications: true))
        #expect(result.intent == intent)
        #expect(result.confidence >= 0.7)
    }

    @Test func yesWithoutNotificationsIsSmallTalk() {
        #expect(IntentClassifier().classify("yes").intent == .smallTalk)
    }

    static let delegation: [(String, OfflineIntent)] = [
        ("Can I book 30 minutes with her tomorrow afternoon?", .delegationBooking),
        ("What times are free on Monday?", .delegationBooking),
        ("Is she available next week?", .delegationBooking),
        ("The second one please", .delegationBooking),
        ("I'm Alex Smith, alex@example.com", .delegationBooking),
        ("Tuesday at 10 works for me", .delegationBooking),
        ("Hi!", .smallTalk),
    ]

    @Test(arguments: delegation)
    func classifiesVisitorsOfADelegationLink(text: String, intent: OfflineIntent) {
        #expect(IntentClassifier().classify(text, context: IntentContext(isDelegation: true)).intent == intent)
    }

    @Test func confidenceAndCueExplainTheDecision() {
        let sure = IntentClassifier().classify("Remember that I prefer morning meetings")
        #expect(sure.confidence == 0.95)
        #expect(sure.cue == "remember that")
        let unsure = IntentClassifier().classify("Tell me a joke")
        #expect(unsure.confidence == 0.3)
        #expect(unsure.cue == nil)
    }
}
