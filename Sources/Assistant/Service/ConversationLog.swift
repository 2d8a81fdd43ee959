import Foundation
import LLM
import Storage

/// Writes a turn's entries into the conversation: the user message, tool calls and results
/// as typed entries (`tool_call` / `tool_result` with a JSON payload), and the reply.
struct ConversationLog: Sendable {
    let repository: ConversationRepository

    struct ToolPayload: Codable {
        let callId: String
        let name: String
        let arguments: String?
        let status: String?
        let result: String?
    }

    func recordTools(_ outcomes: [ToolOutcome], turn: TurnInput) async {
        guard let conversationID = turn.conversationID, !outcomes.isEmpty else { return }
        for outcome in outcomes {
            let call = ToolPayload(callId: outcome.callID, name: outcome.name, arguments: outcome.arguments, status: nil, result: nil)
            let result = ToolPayload(callId: outcome.callID, name: outcome.name, arguments: nil, status: outcome.status.rawValue, result: outcome.content)
            // A lost tool entry must not fail the turn: the side effect already happened.
            _ = try? await repository.append(conversationID: conversationID, userID: turn.profile.userID, role: "tool_call",
                                             content: outcome.name, payload: Self.json(call))
            _ = try? await repository.append(conversationID: conversationID, userID: turn.profile.userID, role: "tool_result",
                                             content: outcome.ok ? "ok" : "error", payload: Self.json(result))
        }
    }

    static func json(_ payload: ToolPayload) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Earlier user/assistant messages of a conversation, oldest first (tool entries are
    /// this turn's business, not the next one's).
    func history(conversationID: String, userID: String, limit: Int = 20) async throws -> [ChatMessage] {
        let all = try await repository.messages(conversationID: conversationID, userID: userID, limit: 200, offset: 0)
        let messages = all.suffix(limit * 2).compactMap { record -> ChatMessage? in
            switch record.role {
            case "user": .user(record.content)
            case "assistant": .assistant(record.content)
            default: nil
            }
        }
        return Array(messages.suffix(limit))
    }
}
