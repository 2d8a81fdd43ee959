import Foundation

/// Replies without tools: from the context the system prompt carries (calendar, email and
/// memory sections), or a question back, or an honest word about the model's limits.
extension OfflineReplyWriter {
    func directReply(intent: IntentClassification, entities: ExtractedEntities) -> String {
        let planner = OfflineToolPlanner(conversation: conversation, intent: intent, entities: entities)
        switch intent.intent {
        case .calendarQuestion, .rescheduleOrCancel:
            let range = planner.questionRange
            let answer = calendarFromContext(range.start, range.end)
            guard intent.intent == .rescheduleOrCancel else { return answer }
            return "I can't move or cancel events from here yet — please change it in your calendar app. " + answer
        case .schedule:
            guard let date = entities.date else { return "When should I schedule \u{201C}\(planner.title)\u{201D}?" }
            return "I can't add events right now (no calendar tool is connected), but I noted \u{201C}\(planner.title)\u{201D} "
                + "for \(clock.spokenSpan(date.start, date.precision == .minute ? date.start.addingTimeInterval(TimeInterval((entities.durationMinutes ?? 30) * 60)) : date.end)) (\(zone))."
        case .emailQuestion:
            let items = conversation.context.items(headedBy: ["mail", "inbox"])
            guard !items.isEmpty else { return "I don't have your email in front of me right now. Connect Gmail and ask again." }
            return "Here's what's in your inbox:\n" + items.prefix(8).map { "- " + $0 }.joined(separator: "\n")
        case .rememberFact:
            return "Got it — I'll remember that \(Self.secondPerson(MemoryFact(conversation.userText).content))."
        case .memoryQuestion:
            let items = conversation.context.items(headedBy: OfflineConversation.memoryHeadings)
            guard !items.isEmpty else { return "I don't have anything saved about you yet. Say \u{201C}remember that …\u{201D} and I will." }
            return "Here's what I know about you:\n" + items.map { "- " + $0 }.joined(separator: "\n")
        case .answerNotification:
            let items = conversation.notificationItems
            guard !items.isEmpty else { return "There's nothing waiting for your answer right now." }
            return "I can't answer notifications from here yet. Waiting for you:\n" + items.map { "- " + $0 }.joined(separator: "\n")
        case .delegationBooking:
            return "I can help you find a time. Which day suits you, and how long do you need?"
        case .smallTalk:
            return smallTalk(intent)
        }
    }

    private func calendarFromContext(_ from: Date, _ to: Date) -> String {
        let items = conversation.context.items(headedBy: ["calendar", "event", "schedule", "agenda"])
        let events = items.compactMap { OfflineEvent(line: $0, clock: clock) }
            .filter { $0.start < to && ($0.end ?? $0.start) >= from }
            .sorted { $0.start < $1.start }
        let period = periodPhrase(from, to)
        if events.isEmpty {
            // Lines without dates cannot be filtered: show them rather than claim a free day.
            // "(no events)" and similar placeholders say the calendar is empty.
            let undated = items.filter { OfflineEvent(line: $0, clock: clock) == nil && !$0.hasPrefix("(") }
            if !undated.isEmpty { return "Here's what I see on your calendar:\n" + undated.map { "- " + $0 }.joined(separator: "\n") }
            return items.isEmpty && conversation.context.sections.isEmpty
                ? "I can't see your calendar right now, so I can't say what you have \(period)."
                : "Your calendar is clear \(period)."
        }
        let multiDay = !clock.calendar.isDate(from, inSameDayAs: to.addingTimeInterval(-1))
        let count = events.count == 1 ? "1 event" : "\(events.count) events"
        return "You have \(count) \(period) (\(zone)):\n" + events.map { "- " + $0.line(clock, withDay: multiDay) }.joined(separator: "\n")
    }

    private func smallTalk(_ intent: IntentClassification) -> String {
        let name = conversation.context.assistantName ?? "Perin"
        if conversation.isDelegation {
            return "Hi! I'm \(name). I can help you book a time — which day works for you?"
        }
        if let cue = intent.cue, IntentClassifier.thanks.contains(cue) { return "You're welcome! Anything else?" }
        if intent.cue != nil {
            return "Hi! I'm \(name). I can schedule meetings, tell you what's on your calendar, check your email and remember things for you. What would you like to do?"
        }
        return "I'm running on the built-in offline model, so I understand a limited set of requests. Try "
            + "\u{201C}Schedule 30 minutes with Dana tomorrow at 10\u{201D}, \u{201C}What's on my calendar Friday?\u{201D}, "
            + "\u{201C}Any emails from Sam?\u{201D} or \u{201C}Remember that I prefer morning meetings\u{201D}."
    }
}
