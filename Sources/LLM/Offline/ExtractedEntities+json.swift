import Foundation

extension ExtractedEntities {
    /// The entities as JSON for `/api/ai/classify`, times as ISO 8601 in the user's zone.
    public func json(in clock: UserClock) -> JSONValue {
        var members: [String: JSONValue] = [
            "people": .array(people.map(JSONValue.string)),
            "emails": .array(emails.map(JSONValue.string)),
        ]
        if let date {
            var when: [String: JSONValue] = ["start": .string(clock.iso(date.start)), "precision": .string(date.precision.rawValue)]
            if let end = date.end { when["end"] = .string(clock.iso(end)) }
            members["date"] = .object(when)
        }
        if let durationMinutes { members["durationMinutes"] = .int(durationMinutes) }
        if let selfName { members["selfName"] = .string(selfName) }
        if let ordinal { members["ordinal"] = .int(ordinal) }
        if !topic.isEmpty { members["topic"] = .string(topic) }
        return .object(members)
    }
}

extension OfflineChatModel {
    /// `{"intent", "confidence", "entities"}` for the newest user message of `request`.
    public func classificationJSON(_ request: ChatRequest) -> JSONValue {
        let conversation = OfflineConversation(request: request, fallbackNow: currentDate(), fallbackZone: defaultTimeZone)
        let (intent, entities) = Self.understand(conversation)
        return [
            "intent": .string(intent.intent.rawValue),
            "confidence": .double(intent.confidence),
            "entities": entities.json(in: conversation.clock),
        ]
    }
}
