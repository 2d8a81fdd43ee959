import Foundation
import Hummingbird
import Scheduling
import Storage

/// The guest's HTML: `/talk-to-perin/{token}` with a booking form that is a plain POST (it
/// works without JavaScript), the confirmation, and the manage pages.
struct DelegationPageController: Sendable {
    let context: DelegationRouteContext

    struct BookingForm: Decodable {
        let start: String?
        let durationMins: Int?
        let name: String?
        let email: String?
        let timezone: String?
        let note: String?
    }

    func addRoutes(to router: Router<PerinRequestContext>) {
        router.get("/static/delegation.js") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: ByteBuffer(string: DelegationScript.source)))
        }
        let pages = router.group("/talk-to-perin").add(middleware: context.perIPLimit)
        pages.get("{token}") { request, ctx -> Response in
            try await page { try await render(request, ctx, error: nil, form: [:], status: .ok) }
        }
        pages.post("{token}/book") { request, ctx -> Response in
            try await page {
                let form = try await Self.form(request, ctx)
                let link = try await context.resolve(request, ctx, action: nil)
                let values = ["start": form.start ?? "", "name": form.name ?? "", "email": form.email ?? "", "note": form.note ?? "", "timezone": form.timezone ?? ""]
                do {
                    guard let startText = form.start, let start = ISO8601DateFormatter().date(from: startText) else {
                        throw DelegationError.invalid("pick a time")
                    }
                    let booking = BookingRequest(start: start, durationMins: form.durationMins, name: form.name ?? "", email: form.email ?? "",
                                                 timezone: form.timezone ?? link.owner.timezone, note: form.note)
                    let result = try await context.bookings.book(link: link, request: booking, idempotencyKey: nil)
                    try await context.auditBooking(result, link: link, ip: ctx.clientIP)
                    return HTMLPage.response(DelegationPage.confirmation(result.booking, owner: result.owner, manageToken: result.manageToken, heading: "You're booked"), status: .created)
                } catch let error as DelegationError where error.kind != .notFound && error.kind != .gone {
                    return try await render(request, ctx, error: error.message, form: values, status: error.apiError.status, link: link)
                }
            }
        }
        pages.get("manage/{manageToken}") { _, ctx -> Response in
            try await page {
                let token = try ctx.parameters.require("manageToken")
                try context.checkLinkLimit(token)
                let (booking, owner) = try await context.bookings.booking(manageToken: token)
                return HTMLPage.response(DelegationPage.managePage(booking, owner: owner, manageToken: token, slots: try await rescheduleSlots(booking)))
            }
        }
        pages.get("manage/{manageToken}/invite.ics") { _, ctx -> Response in
            let token = try ctx.parameters.require("manageToken")
            try context.checkLinkLimit(token)
            let (booking, owner) = try await mappingDelegationErrors { try await context.bookings.booking(manageToken: token) }
            let ics = booking.status == BookingRecord.confirmed
                ? try BookingInvite.request(booking, owner: owner, manageURL: context.bookings.manageURL(token))
                : try BookingInvite.cancel(booking, owner: owner)
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8; method=\(booking.status == BookingRecord.confirmed ? "REQUEST" : "CANCEL")",
                                                   .contentDisposition: "attachment; filename=\"\(booking.reference).ics\""],
                            body: .init(byteBuffer: ByteBuffer(string: ics)))
        }
        pages.post("manage/{manageToken}/cancel") { _, ctx -> Response in
            try await page {
                let token = try ctx.parameters.require("manageToken")
                try context.checkLinkLimit(token)
                let result = try await context.bookings.cancel(manageToken: token)
                try await context.audit.record(userID: result.owner.id, action: "booking.cancel", target: result.booking.id, detail: result.booking.reference, ip: ctx.clientIP)
                return HTMLPage.response(DelegationPage.managePage(result.booking, owner: result.owner, manageToken: token, slots: []))
            }
        }
        pages.post("manage/{manageToken}/reschedule") { request, ctx -> Response in
            try await page {
                let token = try ctx.parameters.require("manageToken")
                try context.checkLinkLimit(token)
                let form = try await Self.form(request, ctx)
                guard let text = form.start, let start = ISO8601DateFormatter().date(from: text) else { throw DelegationError.invalid("pick a time") }
                do {
                    let result = try await context.bookings.reschedule(manageToken: token, start: start, duration: nil)
                    try await context.audit.record(userID: result.owner.id, action: "booking.reschedule", target: result.booking.id, detail: result.booking.reference, ip: ctx.clientIP)
                    return HTMLPage.response(DelegationPage.confirmation(result.booking, owner: result.owner, manageToken: token, heading: "Moved"))
                } catch let error as DelegationError where error.kind == .conflict || error.kind == .refused {
                    let (booking, owner) = try await context.bookings.booking(manageToken: token)
                    return HTMLPage.response(DelegationPage.managePage(booking, owner: owner, manageToken: token, slots: try await rescheduleSlots(booking), error: error.message),
                                             status: error.apiError.status)
                }
            }
        }
    }

    private func render(_ request: Request, _ ctx: PerinRequestContext, error: String?, form: [String: String],
                        status: HTTPResponse.Status, link known: ResolvedLink? = nil) async throws -> Response {
        let token = try ctx.parameters.require("token")
        let link: ResolvedLink
        if let known { link = known } else { link = try await context.resolve(request, ctx, action: "delegation.page") }
        let query = request.uri.queryParameters
        let zoneName = query.get("tz") ?? form["timezone"]
        let zone = zoneName.flatMap { TimeZone(identifier: $0) } ?? link.ownerZone
        let duration = query.get("d").flatMap(Int.init).flatMap { link.constraints.durations.contains($0) ? $0 : nil } ?? link.constraints.defaultDuration
        let now = context.bookings.now()
        let slots = try await context.bookings.slots(link: link, from: now, to: now.addingTimeInterval(14 * 86_400), duration: duration)
        return HTMLPage.response(DelegationPage.linkPage(link: link, token: token, slots: Array(slots.prefix(200)), zone: zone, duration: duration,
                                                          error: error, form: form), status: status)
    }

    private func rescheduleSlots(_ booking: BookingRecord) async throws -> [FreeSlot] {
        guard booking.status == BookingRecord.confirmed, let linkID = booking.linkId,
              let record = try await context.bookings.links.links.find(id: linkID, ownerID: booking.ownerId),
              record.revokedAt == nil, record.expiresAt > context.bookings.now(),
              let owner = try await context.bookings.links.users.find(id: booking.ownerId)
        else { return [] }
        let link = ResolvedLink(record: record, constraints: try DelegationLinks.decodeConstraints(record.constraintsJson), owner: owner)
        let now = context.bookings.now()
        let minutes = Int(booking.endAt.timeIntervalSince(booking.startAt) / 60)
        guard link.constraints.durations.contains(minutes) else { return [] }
        return Array(try await context.bookings.slots(link: link, from: now, to: now.addingTimeInterval(14 * 86_400), duration: minutes).prefix(100))
    }

    static func form(_ request: Request, _ ctx: PerinRequestContext) async throws -> BookingForm {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        do {
            return try URLEncodedFormDecoder().decode(BookingForm.self, from: String(buffer: buffer))
        } catch {
            throw DelegationError.invalid("the form could not be read")
        }
    }

    /// Refusals become HTML pages with the right status instead of JSON.
    private func page(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as DelegationError {
            return HTMLPage.response(DelegationPage.errorPage(status: Int(error.apiError.status.code), message: error.message), status: error.apiError.status)
        } catch let error as APIError where error.code == "rate_limited" || error.status == .notFound || error.status == .gone {
            return HTMLPage.response(DelegationPage.errorPage(status: error.status.code, message: error.message), status: error.status)
        }
    }
}
