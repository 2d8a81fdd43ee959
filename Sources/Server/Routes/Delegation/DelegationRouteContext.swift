import Foundation
import Hummingbird
import Scheduling
import Storage

/// What the delegation routes share: the booking service, the audit log, the limits and the
/// optional chat handler.
struct DelegationRouteContext: Sendable {
    let bookings: BookingService
    let audit: AuditLogRepository
    let rateLimiter: RateLimiter
    /// Requests per minute for one client IP on the public routes.
    let perIPPerMinute: Int
    /// Requests per minute for one link (all guests together).
    let perLinkPerMinute: Int
    let chat: (any DelegationChatHandler)?

    var perIPLimit: RateLimitMiddleware<PerinRequestContext> {
        RateLimitMiddleware(limiter: rateLimiter, policy: RateLimitPolicy(bucket: "public", limit: perIPPerMinute))
    }

    /// Per-link limit, keyed by the token's hash so unknown tokens are limited too and the
    /// limiter never holds a secret.
    func checkLinkLimit(_ token: String) throws {
        let decision = rateLimiter.check(RateLimitPolicy(bucket: "delegation-link", limit: perLinkPerMinute), subject: SecretToken.hash(token))
        guard decision.allowed else {
            throw APIError(.tooManyRequests, code: "rate_limited", message: "this link is receiving too many requests; try again in \(max(1, decision.resetSeconds)) s",
                           headers: [.retryAfter: String(max(1, decision.resetSeconds))])
        }
    }

    /// Limits, resolves and (when `action` is given) counts and audits one access.
    func resolve(_ request: Request, _ context: PerinRequestContext, action: String?) async throws -> ResolvedLink {
        let token = try context.parameters.require("token")
        return try await resolve(token: token, ip: context.clientIP, action: action)
    }

    func resolve(token: String, ip: String, action: String?) async throws -> ResolvedLink {
        try checkLinkLimit(token)
        let link = try await mappingDelegationErrors { try await bookings.links.resolve(token: token) }
        if let action { try await recordAccess(link, action: action, ip: ip) }
        return link
    }

    /// Counts a use of the link and audits the access; the two writes run side by side.
    func recordAccess(_ link: ResolvedLink, action: String, ip: String) async throws {
        async let use: Void = bookings.links.links.recordUse(id: link.record.id)
        try await audit.record(userID: link.owner.id, action: action, target: link.record.id, ip: ip)
        try await use
    }

    func auditBooking(_ result: BookingResult, link: ResolvedLink, ip: String) async throws {
        try await audit.record(userID: link.owner.id, action: result.replayed ? "booking.replay" : "booking.create",
                               target: result.booking.id, detail: "link \(link.record.id) ref \(result.booking.reference)", ip: ip)
    }

    func response(_ result: BookingResult) -> DelegationViews.BookingResponse {
        DelegationViews.BookingResponse(booking: DelegationViews.booking(result.booking, owner: result.owner),
                                        manageUrl: result.manageToken.map(bookings.manageURL), ics: result.invite, replayed: result.replayed)
    }
}
