/// What the assistant says when the language model cannot be reached: honest that the model
/// is unavailable, and as useful as keywords allow (what the user can still do, that nothing
/// was changed). It never calls tools, so it cannot act on a guess.
public enum FallbackAnswer {
    private struct Topic {
        let keywords: [String]
        let reply: String
    }

    private static let topics: [Topic] = [
        Topic(
            keywords: ["schedule", "meeting", "meet", "book", "appointment", "reschedule", "cancel", "move", "slot"],
            reply: "I couldn't schedule or change anything: nothing on your calendar was modified. "
                + "Please try again in a few minutes, or share your delegation link so others can pick a free slot themselves."
        ),
        Topic(
            keywords: ["calendar", "today", "tomorrow", "agenda", "free", "busy", "week", "event"],
            reply: "I can't summarise your calendar right now. Your calendar itself is fine: "
                + "check it directly, or ask me again in a few minutes."
        ),
        Topic(
            keywords: ["email", "mail", "inbox", "gmail", "message from", "reply"],
            reply: "I can't read or summarise your email right now, and I haven't sent anything. "
                + "Please try again in a few minutes."
        ),
        Topic(
            keywords: ["remember", "note", "don't forget", "remind"],
            reply: "I can't save that to memory right now, so please tell me again in a few minutes."
        ),
        Topic(
            keywords: ["notification", "confirm", "accept", "decline", "approve"],
            reply: "I can't act on notifications right now; nothing was confirmed or declined. "
                + "Please try again in a few minutes."
        ),
    ]

    public static let unavailableNotice = "My language model is unavailable at the moment."
    static let generic = "Please try again in a few minutes; your data and calendar are unchanged."

    /// The reply to `request`, keyed on the last user message.
    public static func reply(to request: ChatRequest) -> String {
        let lastUser = request.messages.last { $0.role == .user }?.content ?? ""
        return reply(toUserText: lastUser)
    }

    public static func reply(toUserText text: String) -> String {
        let lowered = text.lowercased()
        let topic = topics.first { topic in topic.keywords.contains { lowered.contains($0) } }
        return unavailableNotice + " " + (topic?.reply ?? generic)
    }

    /// The completion a `ChatModel` returns in place of an error.
    public static func completion(for request: ChatRequest) -> ChatCompletion {
        ChatCompletion(message: .assistant(reply(to: request)), finishReason: .stop, usage: nil, model: "fallback")
    }
}
