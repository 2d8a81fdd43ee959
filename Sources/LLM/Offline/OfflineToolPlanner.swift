import Foundation

/// A tool call the offline model decided to make.
struct PlannedCall: Sendable, Hashable {
    var name: String
    var arguments: String
}

/// What the model does with a user message: call tools, or say something (a question back
/// when it lacks a detail). `nil` from the planner means "answer from context".
enum OfflinePlan: Sendable, Hashable {
    case calls([PlannedCall])
    case reply(String)
}

/// Maps an intent and its entities to the tool calls an LLM with those tools would make.
/// Only tools present in the request are called; argument names come from their schemas.
struct OfflineToolPlanner {
    let conversation: OfflineConversation
    let intent: IntentClassification
    let entities: ExtractedEntities

    var clock: UserClock { conversation.clock }
    var text: String { conversation.userText }

    func plan() -> OfflinePlan? {
        switch intent.intent {
        case .schedule: return schedule()
        case .calendarQuestion: return calendarQuestion()
        case .emailQuestion: return emailQuestion()
        case .rememberFact: return remember()
        case .answerNotification: return confirmProposal() ?? answerNotification()
        case .delegationBooking: return delegationBooking()
        case .rescheduleOrCancel: return rescheduleOrCancel()
        case .smallTalk:
            // "yes" to "Shall I confirm the first one?"
            return conversation.previousAssistantText.contains("Shall I confirm") ? confirmProposal() : nil
        case .memoryQuestion: return nil
        }
    }

    // MARK: Scheduling

    private func schedule() -> OfflinePlan? {
        if text.lowercased().contains("confirm"), let plan = confirmProposal() { return plan }
        let hasCounterpart = !entities.people.isEmpty || !entities.emails.isEmpty
        let exact = entities.date?.precision == .minute
        let solo = conversation.tool("calendar_create_solo_event")
        let network = conversation.tool("network_schedule_meeting")
        // An exact time goes straight on the calendar; a window with someone is negotiated.
        if let network, hasCounterpart, !exact || solo == nil {
            return .calls([networkMeeting(network)])
        }
        guard let solo else { return nil }
        guard let date = entities.date else {
            return .reply("Sure — when should I schedule \(quotedTitle)? For example \"tomorrow at 10\" or \"Friday 14:30\".")
        }
        guard date.precision == .minute || date.precision == .partOfDay else {
            return .reply("What time on \(clock.spokenDay(date.start)) should I put \(quotedTitle)?")
        }
        let minutes = eventMinutes(date)
        var arguments = ToolArgumentBuilder(spec: solo)
        arguments.set(.string(title), as: ["title", "summary", "name", "subject"])
        arguments.set(.string(clock.iso(date.start)), as: ["start", "startTime", "start_time", "startsAt", "startDate"])
        arguments.set(.string(clock.iso(date.start.addingTimeInterval(TimeInterval(minutes * 60)))),
                      as: ["end", "endTime", "end_time", "endsAt", "endDate"])
        arguments.set(.int(minutes), as: ["durationMins", "durationMinutes", "duration_minutes", "duration", "minutes"])
        arguments.set(.string(clock.timeZone.identifier), as: ["timezone", "timeZone", "time_zone", "tz"])
        if !entities.emails.isEmpty, arguments.declares(["attendees"]) {
            arguments.set(.array(entities.emails.map(JSONValue.string)), as: ["attendees"])
        }
        return .calls([PlannedCall(name: solo.name, arguments: arguments.json())])
    }

    private func networkMeeting(_ spec: ToolSpec) -> PlannedCall {
        let minutes = entities.durationMinutes ?? entities.date.flatMap(rangeMinutes) ?? 30
        let window = schedulingWindow(minutes: minutes)
        var arguments = ToolArgumentBuilder(spec: spec)
        if let email = entities.emails.first {
            arguments.set(.string(email), as: ["counterpartEmail", "email", "counterpart_email", "inviteeEmail"])
        }
        if let person = entities.people.first {
            arguments.set(.string(person), as: ["counterpartName", "name", "counterpart_name", "inviteeName", "counterpart"])
        }
        arguments.set(.int(minutes), as: ["durationMins", "durationMinutes", "duration_minutes", "duration", "minutes"])
        arguments.set(.string(clock.iso(window.start)), as: ["windowStart", "from", "start", "window_start", "earliest"])
        arguments.set(.string(clock.iso(window.end)), as: ["windowEnd", "to", "end", "window_end", "latest"])
        arguments.set(.string(title), as: ["title", "summary", "subject"])
        arguments.set(.string(clock.timeZone.identifier), as: ["timezone", "timeZone", "time_zone", "tz"])
        return PlannedCall(name: spec.name, arguments: arguments.json())
    }

    /// Where to look for a time: the exact slot, the part of day, working hours of a day
    /// (the remembered preferred hours for the owner), the rest of a week, or the next seven days.
    func schedulingWindow(minutes: Int) -> (start: Date, end: Date) {
        let hours = conversation.isDelegation ? (start: 9, end: 17) : conversation.preferredHours
        guard let date = entities.date else {
            let tomorrow = clock.adding(days: 1, to: clock.today)
            return (clock.date(on: tomorrow, hour: 9, minute: 0), clock.date(on: clock.adding(days: 7, to: tomorrow), hour: 17, minute: 0))
        }
        switch date.precision {
        case .minute: return (date.start, date.end ?? date.start.addingTimeInterval(TimeInterval(minutes * 60)))
        case .partOfDay: return (date.start, date.end ?? date.start)
        case .day: return (clock.date(on: date.start, hour: hours.start, minute: 0), clock.date(on: date.start, hour: hours.end, minute: 0))
        case .week: return (max(date.start, clock.now), date.end ?? date.start)
        }
    }

    private func eventMinutes(_ date: DateMention) -> Int {
        if let minutes = entities.durationMinutes { return minutes }
        if date.precision == .minute, let minutes = rangeMinutes(date) { return minutes }
        return 30
    }

    private func rangeMinutes(_ date: DateMention) -> Int? {
        guard date.precision == .minute, let end = date.end else { return nil }
        return Int(end.timeIntervalSince(date.start) / 60)
    }

    /// "Dentist appointment", "Lunch with Sam", "Meeting with Dana", or a quoted title.
    var title: String {
        if let quoted = Self.quoted(in: text) { return quoted }
        var topic = entities.topic
        if let first = topic.first { topic = first.uppercased() + topic.dropFirst() }
        if topic.isEmpty { topic = entities.people.isEmpty && !entities.emails.isEmpty ? "Meeting" : "" }
        guard let person = entities.people.first ?? entities.emails.first else {
            guard topic.isEmpty else { return topic }
            let words = Set(OfflineTokenizer.tokenize(text).map(\.text))
            if words.contains("block") { return "Busy" }
            return IntentClassifier.meetingNouns.first(where: words.contains).map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .map { $0 == "Meet" ? "Meeting" : $0 } ?? "Event"
        }
        let others = entities.people.dropFirst()
        let names = others.isEmpty ? person : ([person] + others.dropLast()).joined(separator: ", ") + " and " + others.last!
        return "\(topic.isEmpty ? "Meeting" : topic) with \(names)"
    }

    private var quotedTitle: String { "\u{201C}\(title)\u{201D}" }

    static func quoted(in text: String) -> String? {
        for (open, close) in [("\"", "\""), ("\u{201C}", "\u{201D}"), ("'", "'")] {
            let parts = text.components(separatedBy: open)
            if open == close, parts.count >= 3, !parts[1].isEmpty, parts[1].count < 80 { return parts[1] }
            if open != close, parts.count >= 2, let inner = parts[1].components(separatedBy: close).first,
               parts[1].contains(close), !inner.isEmpty { return inner }
        }
        return nil
    }

    // MARK: Questions

    private func calendarQuestion() -> OfflinePlan? {
        guard let spec = conversation.tool("calendar_list_events") else { return nil }
        let range = questionRange
        var arguments = ToolArgumentBuilder(spec: spec)
        arguments.set(.string(clock.iso(range.start)), as: ["from", "start", "timeMin", "rangeStart", "startDate"])
        arguments.set(.string(clock.iso(range.end)), as: ["to", "end", "timeMax", "rangeEnd", "endDate"])
        return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
    }

    /// The span a question is about: an hour around a time, a part of day, a day, a week, or today.
    var questionRange: (start: Date, end: Date) {
        guard let date = entities.date else { return (clock.today, clock.adding(days: 1, to: clock.today)) }
        let fallbackMinutes = date.precision == .minute ? TimeInterval((entities.durationMinutes ?? 60) * 60) : 86_400
        return (date.start, date.end ?? date.start.addingTimeInterval(fallbackMinutes))
    }

    private func emailQuestion() -> OfflinePlan? {
        guard let spec = conversation.tool("gmail_search") ?? conversation.tool(containing: ["mail_search", "email_search", "search_email"]) else { return nil }
        var arguments = ToolArgumentBuilder(spec: spec)
        arguments.set(.string(gmailQuery), as: ["query", "q", "search"])
        return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
    }

    var gmailQuery: String {
        var terms: [String] = []
        for sender in entities.emails + entities.people {
            terms.append(sender.contains(" ") ? "from:\"\(sender)\"" : "from:\(sender)")
        }
        let lower = " " + text.lowercased() + " "
        if lower.contains("unread") || lower.contains(" new ") { terms.append("is:unread") }
        if let date = entities.date {
            let days = max(1, (clock.calendar.dateComponents([.day], from: date.start, to: clock.now).day ?? 0) + 1)
            terms.append("newer_than:\(days)d")
        }
        let skip: Set<String> = ["email", "emails", "mail", "mails", "e-mail", "inbox", "gmail", "any", "new", "unread",
                                 "check", "show", "what", "did", "send", "sent", "latest", "recent", "got", "get",
                                 "received", "there", "are", "have", "from", "messages", "message", "whats", "what's"]
        let words = entities.topic.split(separator: " ").map(String.init).filter { !skip.contains($0.lowercased()) }
        terms += words.map { $0.lowercased() }
        return terms.isEmpty ? "in:inbox" : terms.joined(separator: " ")
    }

    // MARK: Memory and changes

    private func remember() -> OfflinePlan? {
        guard let spec = conversation.tool("memory_save") ?? conversation.tool(containing: ["memory_save", "remember"]) else { return nil }
        let fact = MemoryFact(text)
        var arguments = ToolArgumentBuilder(spec: spec)
        arguments.set(.string(fact.key), as: ["key", "name", "topic"])
        arguments.set(.string(fact.content), as: ["content", "value", "text", "fact", "memory"])
        return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
    }

    private func rescheduleOrCancel() -> OfflinePlan? {
        let cancelling = ["cancel", "call off", "delete", "remove"].contains { text.lowercased().contains($0) }
        let words = cancelling ? ["cancel", "delete", "remove"] : ["reschedule", "update", "move"]
        guard let spec = conversation.tool(containing: words) else { return nil }
        var arguments = ToolArgumentBuilder(spec: spec)
        arguments.set(.string(entities.topic.isEmpty ? title : entities.topic), as: ["title", "query", "summary"])
        if let date = entities.date {
            let field = cancelling ? ["start", "date", "when"] : ["newStart", "start", "to", "when"]
            arguments.set(.string(clock.iso(date.start)), as: field)
        }
        return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
    }
}
