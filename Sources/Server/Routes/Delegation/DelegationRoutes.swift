import Hummingbird
import Scheduling
import Storage

/// Wires the delegation feature into the router: the owner API under the authenticated `/api`
/// group, the public API and pages on the root router.
public struct DelegationRoutes: Sendable {
    let context: DelegationRouteContext
    let owner: DelegationOwnerController

    public init(bookings: BookingService, audit: AuditLogRepository, rateLimiter: RateLimiter,
                perIPPerMinute: Int, perLinkPerMinute: Int, chat: (any DelegationChatHandler)? = nil) {
        self.context = DelegationRouteContext(bookings: bookings, audit: audit, rateLimiter: rateLimiter, perIPPerMinute: perIPPerMinute,
                                              perLinkPerMinute: perLinkPerMinute, chat: chat)
        self.owner = DelegationOwnerController(links: bookings.links, audit: audit, publicURL: bookings.publicURL)
    }

    func addRoutes(publicRouter: Router<PerinRequestContext>, api: RouterGroup<AuthenticatedContext>) {
        owner.addRoutes(to: api.group("delegation"))
        PublicDelegationController(context: context).addRoutes(to: publicRouter)
        DelegationPageController(context: context).addRoutes(to: publicRouter)
    }
}
