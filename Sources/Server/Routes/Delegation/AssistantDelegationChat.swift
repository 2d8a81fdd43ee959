import Assistant
import Foundation
import HTTPTypes
import Hummingbird
import LLM
import NIOCore
import Scheduling
import Storage

/// `POST /api/public/delegation/{token}/chat`: the Assistant's graph in delegation mode, as
/// the owner's agent (their perinName and tone), streamed like the owner chat. The visitor's
/// history comes with each request and nothing is stored in the owner's conversations.
struct AssistantDelegationChat: DelegationChatHandler {
    /// A chat service whose graph has only the delegation tools and no owner context sources.
    let chat: ChatService
    let audit: AuditLogRepository

    struct Body: Decodable {
        let messages: [ChatMessages.Message]
        let name: String?
        let email: String?
        let timezone: String?
    }

    func respond(to request: Request, link: ResolvedLink, bookings: BookingService, clientIP: String) async throws -> Response {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: try await request.body.collect(upTo: 256 * 1024))
        } catch {
            throw APIError.badRequest("the body must be JSON with messages")
        }
        let (history, text) = try ChatMessages(messages: body.messages).split(maxCharacters: 4000, maxMessages: 50)
        let visitorZone = body.timezone.flatMap { TimeZone(identifier: $0) }?.identifier ?? link.owner.timezone
        // One turn at a time per visitor of a link; the owner's own chat is never blocked.
        guard let ticket = try? chat.begin(userID: "delegation:\(link.record.id):\(clientIP)") else {
            throw APIError.conflict("a reply to your previous message is still being written; send again when it finishes", code: "turn_in_progress")
        }
        let turn = TurnInput(
            profile: AgentProfile(userID: link.owner.id, ownerName: link.constraints.externalName ?? link.owner.name,
                                  perinName: link.owner.perinName, tone: link.owner.tone, timeZone: link.owner.timezone),
            mode: .delegation,
            history: history, userText: text, now: bookings.now(), delegationNotes: Self.notes(link, body))
        let scope = DelegationTurnScope(link: link, bookings: bookings, audit: audit, clientIP: clientIP, visitorZone: visitorZone)
        let encoder = ChatStreamEncoder(accepting: request)
        let headers = encoder.headers
        let service = chat
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // The run's task inherits the scope: the delegation tools read the link from it.
            let run = DelegationTurnScope.$current.withValue(scope) { service.run(turn, ticket: ticket) }
            do {
                try await writer.write(encoder.opening)
                for await event in run.events {
                    if case .done = event { continue }
                    if let bytes = encoder.encode(event) { try await writer.write(bytes) }
                }
                try await writer.finish(nil)
            } catch {
                run.cancel()
                throw error
            }
        })
    }

    /// The link's rules and the visitor, as prompt lines (no owner data beyond the link's own).
    static func notes(_ link: ResolvedLink, _ body: Body) -> [String] {
        let constraints = link.constraints
        var lines = ["Meeting duration: \(constraints.defaultDuration) minutes (allowed: \(constraints.durations.map(String.init).joined(separator: ", ")))"]
        if let title = constraints.title { lines.append("Meeting title: \(title)") }
        if let location = constraints.location { lines.append("Location: \(location)") }
        if let name = ChatController.clean(body.name, 100) { lines.append("Visitor name: \(name)") }
        if let email = ChatController.clean(body.email, 254) { lines.append("Visitor email: \(email)") }
        return lines
    }
}
