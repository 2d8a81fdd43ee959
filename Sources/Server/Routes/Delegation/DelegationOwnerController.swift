import Foundation
import Hummingbird
import Scheduling
import Storage

/// The owner's side: `POST /api/delegation`, `GET /api/delegation`,
/// `POST /api/delegation/{id}/revoke`.
struct DelegationOwnerController: Sendable {
    let links: DelegationLinks
    let audit: AuditLogRepository
    let publicURL: String

    struct NewLink: Decodable {
        /// Time to live: give exactly one of these.
        let ttlHours: Double?
        let ttlMinutes: Double?
        let constraints: DelegationConstraints?
    }

    struct Created: Encodable {
        let id: String
        let url: String
        let expiresAt: Date
        let constraints: DelegationConstraints
    }

    func url(_ token: String) -> String { publicURL + "/talk-to-perin/" + token }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.post { request, context -> Response in
            let body = try await request.decodeJSON(as: NewLink.self, context: context)
            guard (body.ttlHours == nil) != (body.ttlMinutes == nil) else {
                throw APIError.badRequest("give ttlHours or ttlMinutes (1 hour to 30 days)")
            }
            let ttl = (body.ttlHours.map { $0 * 3600 } ?? body.ttlMinutes.map { $0 * 60 })!
            let constraints = body.constraints ?? DelegationConstraints()
            let (record, token) = try await mappingDelegationErrors {
                try await links.create(ownerID: context.user.id, ttl: ttl, constraints: constraints)
            }
            try await audit.record(userID: context.user.id, action: "delegation.create", target: record.id, ip: context.clientIP)
            return try JSONResponse.make(Created(id: record.id, url: url(token), expiresAt: record.expiresAt, constraints: constraints), status: .created)
        }
        group.get { _, context -> Response in
            let now = links.now()
            let list = try await links.list(ownerID: context.user.id).map { DelegationViews.link($0, now: now) }
            return try JSONResponse.make(["links": list])
        }
        group.post("{id}/revoke") { _, context -> Response in
            let id = try context.parameters.require("id")
            let record = try await mappingDelegationErrors { try await links.revoke(id: id, ownerID: context.user.id) }
            try await audit.record(userID: context.user.id, action: "delegation.revoke", target: record.id, ip: context.clientIP)
            let usage = try await links.list(ownerID: context.user.id).first { $0.link.id == id } ?? DelegationLinkUsage(link: record, bookings: 0)
            return try JSONResponse.make(DelegationViews.link(usage, now: links.now()))
        }
    }
}
