import Hummingbird
import Scheduling

/// The delegation chat (`POST /api/public/delegation/{token}/chat`): the Assistant's
/// delegation graph answers as the owner's agent with only the delegation tools. The server
/// hands it the resolved link; the handler streams the reply.
public protocol DelegationChatHandler: Sendable {
    func respond(to request: Request, link: ResolvedLink, bookings: BookingService, clientIP: String) async throws -> Response
}
