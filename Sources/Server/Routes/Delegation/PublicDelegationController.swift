import Foundation
import HTTPTypes
import Hummingbird
import Scheduling
import Storage

/// The guest's JSON API: `GET …/slots`, `POST …/book`, `POST …/chat` under
/// `/api/public/delegation/{token}`, and the manage API under `/api/public/bookings/{token}`.
/// Every route is limited per client IP (the group's middleware) and per link (here).
struct PublicDelegationController: Sendable {
    let context: DelegationRouteContext

    struct Reschedule: Decodable {
        let start: Date
        let durationMins: Int?
    }

    func addRoutes(to router: Router<PerinRequestContext>) {
        let group = router.group("/api/public/delegation/{token}").add(middleware: context.perIPLimit)
        group.get("slots") { request, ctx -> Response in
            let link = try await context.resolve(request, ctx, action: nil)
            // The access is counted and audited while the slots are computed, and awaited even
            // when the request turns out to be bad, so every access is in the audit log.
            async let accessRecorded: Void = context.recordAccess(link, action: "delegation.slots", ip: ctx.clientIP)
            let answer: Result<[UInt8], any Error>
            do {
                answer = .success(try await Self.slotsBody(request, link: link, bookings: context.bookings))
            } catch {
                answer = .failure(error)
            }
            try await accessRecorded
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: try answer.get())))
        }
        group.post("book") { request, ctx -> Response in
            let link = try await context.resolve(request, ctx, action: nil)
            let body = try await request.decodeJSON(as: BookingRequest.self, context: ctx)
            let key = request.headers[.idempotencyKey]
            let result = try await mappingDelegationErrors {
                try await context.bookings.book(link: link, request: body, idempotencyKey: key)
            }
            try await context.auditBooking(result, link: link, ip: ctx.clientIP)
            return try JSONResponse.make(context.response(result), status: .created,
                                         headers: result.replayed ? [.idempotentReplayed: "true"] : [:])
        }
        group.post("chat") { request, ctx -> Response in
            let link = try await context.resolve(request, ctx, action: "delegation.chat")
            guard let chat = context.chat else {
                throw APIError(.notImplemented, code: "not_implemented", message: "chat with the agent is not available on this server yet; pick a slot instead")
            }
            return try await chat.respond(to: request, link: link, bookings: context.bookings, clientIP: ctx.clientIP)
        }

        let manage = router.group("/api/public/bookings/{manageToken}").add(middleware: context.perIPLimit)
        manage.get { request, ctx -> Response in
            let token = try ctx.parameters.require("manageToken")
            try context.checkLinkLimit(token)
            let (booking, owner) = try await mappingDelegationErrors { try await context.bookings.booking(manageToken: token) }
            return try JSONResponse.make(["booking": DelegationViews.booking(booking, owner: owner)])
        }
        manage.post("cancel") { request, ctx -> Response in
            let token = try ctx.parameters.require("manageToken")
            try context.checkLinkLimit(token)
            let result = try await mappingDelegationErrors { try await context.bookings.cancel(manageToken: token) }
            try await context.audit.record(userID: result.owner.id, action: "booking.cancel", target: result.booking.id, detail: result.booking.reference, ip: ctx.clientIP)
            return try JSONResponse.make(context.response(result))
        }
        manage.post("reschedule") { request, ctx -> Response in
            let token = try ctx.parameters.require("manageToken")
            try context.checkLinkLimit(token)
            let body = try await request.decodeJSON(as: Reschedule.self, context: ctx)
            let result = try await mappingDelegationErrors {
                try await context.bookings.reschedule(manageToken: token, start: body.start, duration: body.durationMins)
            }
            try await context.audit.record(userID: result.owner.id, action: "booking.reschedule", target: result.booking.id, detail: result.booking.reference, ip: ctx.clientIP)
            return try JSONResponse.make(context.response(result))
        }
    }

    /// `?from=&to=&tz=&durationMins=` → the slots JSON.
    static func slotsBody(_ request: Request, link: ResolvedLink, bookings: BookingService) async throws -> [UInt8] {
        let zone = try zone(request.uri.queryParameters.get("tz"), fallback: link.ownerZone)
        let now = bookings.now()
        let from = try date(request.uri.queryParameters.get("from"), name: "from") ?? now
        let to = try date(request.uri.queryParameters.get("to"), name: "to") ?? from.addingTimeInterval(7 * 86_400)
        let duration = try request.uri.queryParameters.get("durationMins").map { text -> Int in
            guard let value = Int(text) else { throw APIError.badRequest("durationMins must be a whole number") }
            return value
        } ?? link.constraints.defaultDuration
        let slots = try await mappingDelegationErrors { try await bookings.slots(link: link, from: from, to: to, duration: duration) }
        return SlotsJSON.encode(slots, zone: zone, duration: duration)
    }

    static func zone(_ text: String?, fallback: TimeZone) throws -> TimeZone {
        guard let text, !text.isEmpty else { return fallback }
        guard let zone = TimeZone(identifier: text) else { throw APIError.badRequest("tz must be an IANA time zone such as Europe/Berlin") }
        return zone
    }

    static func date(_ text: String?, name: String) throws -> Date? {
        guard let text, !text.isEmpty else { return nil }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        if let date = dateOnly.date(from: text) { return date }
        throw APIError.badRequest("\(name) must be an ISO 8601 date or date-time")
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
