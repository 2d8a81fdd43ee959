import Assistant
import Foundation
import HTTPTypes
import Hummingbird
import LLM
import NIOCore
import Storage

/// `POST /api/ai/chat` (streamed) and `POST /api/ai/classify`.
///
/// Concurrency: one turn per user at a time; a second concurrent turn gets 409
/// `turn_in_progress` (documented in README) instead of waiting in a hidden queue.
/// Headers and first bytes are written at once; the user message is stored before the turn
/// runs, and the stream then carries the turn's events. A failed write (the client went away) cancels the run, which cancels the
/// upstream model request; the reply so far is stored as partial.
struct ChatController: Sendable {
    let runtime: AssistantRuntime

    struct ChatBody: Decodable {
        let messages: [ChatMessages.Message]
        let conversationId: String?
        let tone: String?
        let perinName: String?
        let specialization: String?
        let clientIntegrations: [String]?
    }

    struct ClassifyBody: Decodable {
        let message: String?
        let text: String?
    }

    func addRoutes(chat: RouterGroup<AuthenticatedContext>, api: RouterGroup<AuthenticatedContext>) {
        chat.post { request, context in try await startTurn(request, context) }
        api.post("ai/classify") { request, context in
            let body = try await request.decodeJSON(as: ClassifyBody.self, context: context)
            guard let text = body.message ?? body.text, (1...4000).contains(text.count) else {
                throw APIError.badRequest("message must be 1 to 4000 characters")
            }
            let value = await runtime.classifier.classify(text, profile: Self.profile(context, nil))
            let data = try JSONEncoder().encode(value)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    static func profile(_ context: AuthenticatedContext, _ body: ChatBody?) -> AgentProfile {
        let user = context.user
        return AgentProfile(
            userID: user.id, ownerName: user.name, perinName: Self.clean(body?.perinName, 40) ?? user.perinName,
            tone: Self.clean(body?.tone, 40) ?? user.tone, timeZone: user.timezone, specialization: Self.clean(body?.specialization, 200))
    }

    /// Client-supplied persona fields: one line, bounded, or nil.
    static func clean(_ text: String?, _ limit: Int) -> String? {
        guard let text else { return nil }
        let line = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return line.isEmpty ? nil : String(line.prefix(limit))
    }

    func startTurn(_ request: Request, _ context: AuthenticatedContext) async throws -> Response {
        let body = try await request.decodeJSON(as: ChatBody.self, context: context)
        let (history, text) = try ChatMessages(messages: body.messages).split(maxCharacters: 8000, maxMessages: 100)
        let encoder = ChatStreamEncoder(accepting: request)
        let service = runtime.chat
        let ticket: TurnTicket
        do {
            ticket = try service.begin(userID: context.user.id)
        } catch {
            throw APIError.conflict("a reply to your previous message is still being written; send again when it finishes", code: "turn_in_progress")
        }
        if let id = body.conversationId, try await !service.ownsConversation(id, userID: context.user.id) {
            ticket.release()
            throw APIError.notFound("conversation not found")
        }
        let draft = TurnInput(
            profile: Self.profile(context, body), history: history, userText: text, conversationID: body.conversationId,
            requestedIntegrations: body.clientIntegrations ?? [])
        var headers = encoder.headers
        if let id = body.conversationId { headers[HTTPField.Name("X-Conversation-Id")!] = id }
        // Headers and the first bytes go out before any database write; a new conversation's
        // id follows as `[[PERIN_ACTION:conversation:ID]]` (SSE: an `action` event).
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let turn: TurnInput
            do {
                try await writer.write(encoder.opening)
                turn = try await service.prepare(draft)
            } catch {
                ticket.release()
                if error is ChatService.TurnError || error is DatabaseError {
                    if let bytes = encoder.encode(.error(code: "storage_failed", message: "your message could not be stored")) {
                        try? await writer.write(bytes)
                    }
                    try await writer.finish(nil)
                    return
                }
                throw error
            }
            let run = service.run(turn, ticket: ticket)
            do {
                if draft.conversationID == nil, let id = turn.conversationID, let bytes = encoder.encode(.action("conversation:\(id)")) {
                    try await writer.write(bytes)
                }
                for await event in run.events {
                    if let bytes = encoder.encode(event) { try await writer.write(bytes) }
                }
                try await writer.finish(nil)
            } catch {
                // The client is gone: stop the turn (and its model request); the reply so far
                // is stored as partial before the user's turn slot is released.
                run.cancel()
                throw error
            }
        })
    }
}
