import Foundation

/// Writes the assistant's reply once tool results are back: what was done, in the user's
/// local time, or what went wrong.
struct OfflineReplyWriter {
    let conversation: OfflineConversation
    var clock: UserClock { conversation.clock }
    var zone: String { clock.timeZone.identifier }

    func replyToTools() -> String {
        conversation.pending.map(reply(to:)).joined(separator: "\n\n")
    }

    private func reply(to exchange: ToolExchange) -> String {
        let name = exchange.call.name
        if let failure = OfflineJSON.failure(in: exchange.result) {
            return "Sorry — I couldn't \(Self.attempt[name] ?? "do that"): \(failure)"
        }
        let result = OfflineJSON.parse(exchange.result) ?? .string(exchange.result)
        let arguments = exchange.arguments
        switch name {
        case "calendar_create_solo_event":
            let title = result["title"]?.stringValue ?? arguments["title"]?.stringValue ?? "the event"
            return "Done — I booked \u{201C}\(title)\u{201D} for \(span(result, arguments)) (\(zone))."
        case "calendar_list_events":
            return eventsReply(records: OfflineJSON.records(in: result), arguments: arguments)
        case "gmail_search":
            return emailsReply(records: OfflineJSON.records(in: result), query: arguments["query"]?.stringValue)
        case "memory_save":
            let content = arguments["content"]?.stringValue ?? ""
            return "Got it — I'll remember that \(Self.secondPerson(content))."
        case "notifications_resolve":
            let action = (arguments["action"]?.stringValue ?? "").lowercased()
            let declined = ["decline", "reject", "deny", "no"].contains { action.contains($0) }
            return "Done — I \(declined ? "declined" : "accepted") it." + detail(result)
        case "network_schedule_meeting":
            return negotiationReply(result: result, arguments: arguments)
        case "network_confirm_meeting":
            let when = OfflineJSON.find("start", in: result) == nil && arguments["start"] == nil ? "" : " for \(span(result, arguments)) (\(zone))"
            return "Confirmed — the meeting is booked\(when)." + detail(result)
        case "delegation_check_availability":
            return slotsReply(OfflineToolPlanner.slots(in: exchange.result, clock: clock), minutes: arguments["durationMins"]?.intValue ?? 30)
        case "delegation_schedule_meeting":
            let email = arguments["email"]?.stringValue
            return "You're booked for \(span(result, arguments)) (\(zone))."
                + (email.map { " A calendar invitation is on its way to \($0)." } ?? "")
        default:
            let message = detail(result)
            return message.isEmpty ? "Done." : "Done." + message
        }
    }

    /// A short message the tool returned, if any (" It's on Dana's calendar too.").
    private func detail(_ result: JSONValue) -> String {
        guard let message = (result["message"] ?? result["summary"])?.stringValue ?? result.stringValue,
              !message.isEmpty, message.count < 300, OfflineJSON.parse(message) == nil else { return "" }
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        return " " + trimmed + (trimmed.hasSuffix(".") || trimmed.hasSuffix("!") ? "" : ".")
    }

    /// "tomorrow, Tue 24 Nov, 10:00–10:30" from the result's start/end, else the arguments'.
    private func span(_ result: JSONValue, _ arguments: JSONValue) -> String {
        let startText = result["start"]?.stringValue ?? OfflineJSON.find("start", in: result)?.stringValue
            ?? arguments["start"]?.stringValue ?? arguments["windowStart"]?.stringValue
        guard let startText, let start = ISOTimestamp.parse(startText, in: clock)?.date else { return "the requested time" }
        var end = (result["end"]?.stringValue ?? arguments["end"]?.stringValue).flatMap { ISOTimestamp.parse($0, in: clock)?.date }
        if end == nil, let minutes = arguments["durationMins"]?.intValue ?? result["durationMins"]?.intValue {
            end = start.addingTimeInterval(TimeInterval(minutes * 60))
        }
        return clock.spokenSpan(start, end)
    }

    private func eventsReply(records: [[String: JSONValue]], arguments: JSONValue) -> String {
        let from = arguments["from"]?.stringValue.flatMap { ISOTimestamp.parse($0, in: clock)?.date } ?? clock.today
        let to = arguments["to"]?.stringValue.flatMap { ISOTimestamp.parse($0, in: clock)?.date } ?? clock.adding(days: 1, to: from)
        let events = records.compactMap { OfflineEvent(record: $0, clock: clock) }
        let period = periodPhrase(from, to)
        if to.timeIntervalSince(from) <= 3 * 3600 {
            guard let first = events.first else { return "You're free \(period) (\(zone))." }
            return "You have \u{201C}\(first.title)\u{201D} \(period): \(first.line(clock, withDay: false))."
        }
        guard !events.isEmpty else { return "Your calendar is clear \(period)." }
        let multiDay = !clock.calendar.isDate(from, inSameDayAs: to.addingTimeInterval(-1))
        let lines = events.map { "- " + $0.line(clock, withDay: multiDay) }
        let count = events.count == 1 ? "1 event" : "\(events.count) events"
        return "You have \(count) \(period) (\(zone)):\n" + lines.joined(separator: "\n")
    }

    /// "today (Sat 21 Nov)", "on Fri 27 Nov", "between Mon 23 Nov and Sun 29 Nov", "tomorrow at 15:00".
    func periodPhrase(_ from: Date, _ to: Date) -> String {
        let days = clock.calendar.dateComponents([.day], from: clock.today, to: clock.calendar.startOfDay(for: from)).day ?? 99
        let dayName = days == 0 ? "today (\(clock.day(from)))" : days == 1 ? "tomorrow (\(clock.day(from)))" : "on \(clock.day(from))"
        if to.timeIntervalSince(from) <= 3 * 3600 { return "\(dayName) at \(clock.clock(from))" }
        if clock.calendar.isDate(from, inSameDayAs: to.addingTimeInterval(-1)) {
            let wholeDay = from == clock.calendar.startOfDay(for: from)
            return wholeDay ? dayName : "\(dayName) between \(clock.clock(from)) and \(clock.clock(to))"
        }
        return "between \(clock.day(from)) and \(clock.day(to.addingTimeInterval(-1)))"
    }

    private func emailsReply(records: [[String: JSONValue]], query: String?) -> String {
        guard !records.isEmpty else { return "I didn't find any emails" + (query.map { " matching \u{201C}\($0)\u{201D}" } ?? "") + "." }
        let lines = records.prefix(5).map { record -> String in
            let sender = OfflineJSON.string(record, ["from", "sender", "author"]) ?? "unknown sender"
            let subject = OfflineJSON.string(record, ["subject", "title"]) ?? "(no subject)"
            let snippet = OfflineJSON.string(record, ["snippet", "preview", "summary"]).map { " — \($0)" } ?? ""
            return "- \(sender): \u{201C}\(subject)\u{201D}\(snippet)"
        }
        let count = records.count == 1 ? "1 email" : "\(records.count) emails"
        return "I found \(count):\n" + lines.joined(separator: "\n")
    }

    private func negotiationReply(result: JSONValue, arguments: JSONValue) -> String {
        let who = arguments["counterpartName"]?.stringValue ?? arguments["counterpartEmail"]?.stringValue ?? "them"
        let proposals = OfflineJSON.records(in: result).compactMap { OfflineEvent(record: $0, clock: clock) }
        if !proposals.isEmpty {
            let lines = proposals.prefix(5).enumerated().map { "\($0 + 1). \(clock.spokenSpan($1.start, $1.end))" }
            return "\(who)'s agent can do (\(zone)):\n" + lines.joined(separator: "\n") + "\nShall I confirm the first one?"
        }
        let from = arguments["windowStart"]?.stringValue.flatMap { ISOTimestamp.parse($0, in: clock)?.date }
        let to = arguments["windowEnd"]?.stringValue.flatMap { ISOTimestamp.parse($0, in: clock)?.date }
        let window = from.flatMap { start in to.map { " " + periodPhrase(start, $0) } } ?? ""
        let minutes = arguments["durationMins"]?.intValue.map { "\($0) minutes" } ?? "a meeting"
        return "I've asked \(who) for \(minutes)\(window). I'll let you know when they reply." + detail(result)
    }

    private func slotsReply(_ slots: [Date], minutes: Int) -> String {
        guard !slots.isEmpty else {
            return "Sorry, there's nothing free then. Would another day or time work?"
        }
        let lines = slots.prefix(6).enumerated().map { index, start in
            "\(index + 1). \(clock.spokenSpan(start, start.addingTimeInterval(TimeInterval(minutes * 60))))"
        }
        return "Here are the free times (\(zone)):\n" + lines.joined(separator: "\n") + "\nWhich one works for you?"
    }

    /// "I prefer morning meetings" → "you prefer morning meetings".
    static func secondPerson(_ text: String) -> String {
        let swaps = ["i": "you", "i'm": "you're", "im": "you're", "my": "your", "me": "you", "am": "are", "myself": "yourself", "mine": "yours"]
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            swaps[word.lowercased()] ?? String(word)
        }
        var sentence = words.joined(separator: " ")
        if let first = sentence.first, !(sentence.dropFirst().first?.isUppercase ?? false) {
            sentence = first.lowercased() + sentence.dropFirst()
        }
        return sentence
    }

    static let attempt: [String: String] = [
        "calendar_create_solo_event": "add that to your calendar",
        "calendar_list_events": "read your calendar",
        "gmail_search": "search your email",
        "memory_save": "save that",
        "notifications_resolve": "answer that notification",
        "network_schedule_meeting": "start the scheduling request",
        "network_confirm_meeting": "confirm the meeting",
        "delegation_check_availability": "check availability",
        "delegation_schedule_meeting": "book that time",
    ]
}
