import Assistant
import LLM

/// The `messages` array both chat routes take (the owner's `/api/ai/chat` and a link's
/// public chat): earlier turns first, the new user message last, each route with its limits.
struct ChatMessages {
    struct Message: Decodable {
        let role: String
        let content: String
    }

    let messages: [Message]

    /// The history (user and assistant turns; other roles are ignored) and the new message,
    /// or a 400 naming what is wrong.
    func split(maxCharacters: Int, maxMessages: Int) throws -> (history: [ChatMessage], text: String) {
        guard let last = messages.last, last.role == "user" else {
            throw APIError.badRequest("messages must end with a user message")
        }
        let text = last.content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maxCharacters).contains(text.count) else { throw APIError.badRequest("the message must be 1 to \(maxCharacters) characters") }
        guard messages.count <= maxMessages else { throw APIError.badRequest("at most \(maxMessages) messages") }
        let history: [ChatMessage] = messages.dropLast().compactMap { message in
            switch message.role {
            case "user": .user(message.content)
            case "assistant": .assistant(message.content)
            default: nil
            }
        }
        return (history, text)
    }
}
