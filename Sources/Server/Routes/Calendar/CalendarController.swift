import Foundation
import HTTPTypes
import Hummingbird
import ICalendar
import Integrations
import Storage

/// `/api/calendar`: the owner's events (Google when connected, else the local calendar), busy
/// time, .ics import into the local calendar, the secret export URL, and .ics feed subscriptions.
struct CalendarController: Sendable {
    let hub: IntegrationHub
    let feeds: CalendarFeedRepository
    let publicURL: String

    struct EventBody: Decodable {
        let title: String?
        let start: Date?
        let end: Date?
        let timeZone: String?
        let location: String?
        let description: String?
        let attendees: [CalendarAttendee]?
        let sendUpdates: Bool?
    }

    struct FeedBody: Decodable {
        let url: String
        let name: String?
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("events") { request, context in
            let (from, to) = try Self.window(request)
            let events = try await mapped { try await hub.calendar.events(userID: context.user.id, from: from, to: to) }
            struct Body: Encodable { let events: [CalendarEvent]; let source: CalendarSource }
            return try JSONResponse.make(Body(events: events, source: try await hub.calendar.source(userID: context.user.id)))
        }
        group.get("busy") { request, context in
            let (from, to) = try Self.window(request)
            let busy = try await mapped { try await hub.calendar.busyIntervals(userID: context.user.id, from: from, to: to) }
            return try JSONResponse.make(["busy": busy])
        }
        group.post("events") { request, context in
            let body = try await request.decodeJSON(as: EventBody.self, context: context)
            guard let title = body.title, let start = body.start, let end = body.end else {
                throw APIError.badRequest("title, start and end are required", code: "invalid_event")
            }
            let key = request.headers[HTTPField.Name("Idempotency-Key")!].map { String($0.prefix(200)) }
            let event = NewCalendarEvent(
                title: title, start: start, end: end, timeZone: body.timeZone ?? context.user.timezone, location: body.location,
                description: body.description, attendees: body.attendees ?? [], sendUpdates: body.sendUpdates ?? true
            )
            let created = try await mapped { try await hub.calendar.createEvent(userID: context.user.id, event, idempotencyKey: key) }
            return try JSONResponse.make(created, status: .created)
        }
        group.patch("events/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            let body = try await request.decodeJSON(as: EventBody.self, context: context)
            let patch = CalendarEventPatch(
                title: body.title, start: body.start, end: body.end, timeZone: body.timeZone, location: body.location,
                description: body.description, attendees: body.attendees, sendUpdates: body.sendUpdates ?? true
            )
            return try JSONResponse.make(try await mapped { try await hub.calendar.updateEvent(userID: context.user.id, eventID: id, patch) })
        }
        group.delete("events/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            try await mapped { try await hub.calendar.deleteEvent(userID: context.user.id, eventID: id) }
            return try JSONResponse.make(["deleted": id])
        }
        group.post("import") { request, context in
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("text/calendar") else {
                throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "send the calendar as text/calendar")
            }
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            do {
                let result = try await hub.ics.importCalendar(userID: context.user.id, text: String(buffer: buffer))
                return try JSONResponse.make(result, status: .created)
            } catch let error as ICalendarError {
                throw APIError.badRequest("the calendar could not be read (\(error.code.rawValue))", code: "invalid_ics")
            } catch let error as CalendarError {
                throw Self.apiError(error)
            }
        }
        group.post("export") { _, context in
            let token = SecretToken.generate(prefix: "")
            try await feeds.setExportToken(userID: context.user.id, token: token)
            return try JSONResponse.make(["url": "\(publicURL)/api/calendar/export/\(token).ics"], status: .created)
        }
        group.get("feeds") { _, context in
            struct Feed: Encodable { let id: String; let name: String; let lastFetchedAt: Date?; let lastError: String? }
            let list = try await feeds.feeds(userID: context.user.id)
            return try JSONResponse.make(["feeds": list.map { Feed(id: $0.id, name: $0.name, lastFetchedAt: $0.lastFetchedAt, lastError: $0.lastError) }])
        }
        group.post("feeds") { request, context in
            let body = try await request.decodeJSON(as: FeedBody.self, context: context)
            guard let url = URL(string: body.url), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                  body.url.count <= 2000 else {
                throw APIError.badRequest("url must be an http(s) URL", code: "invalid_feed")
            }
            let feed = try await feeds.subscribe(userID: context.user.id, url: body.url, name: body.name ?? url.host ?? "feed")
            var fetched = true
            do { try await hub.feedRefresher.refresh(feed) } catch { fetched = false }
            struct Body: Encodable { let id: String; let name: String; let fetched: Bool }
            return try JSONResponse.make(Body(id: feed.id, name: feed.name, fetched: fetched), status: .created)
        }
        group.delete("feeds/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard try await feeds.unsubscribe(userID: context.user.id, id: id) else { throw APIError.notFound("no such feed") }
            return try JSONResponse.make(["deleted": id])
        }
    }

    /// `?from=&to=` (ISO 8601), default the next 30 days; at most a year.
    static func window(_ request: Request) throws -> (Date, Date) {
        let formatter = ISO8601DateFormatter()
        func parse(_ name: String) throws -> Date? {
            guard let text = request.uri.queryParameters.get(name) else { return nil }
            guard let date = formatter.date(from: text) else { throw APIError.badRequest("\(name) must be an ISO 8601 date-time", code: "invalid_window") }
            return date
        }
        let from = try parse("from") ?? Date()
        let to = try parse("to") ?? from.addingTimeInterval(30 * 86_400)
        guard to > from, to.timeIntervalSince(from) <= 366 * 86_400 else {
            throw APIError.badRequest("to must be after from, within a year", code: "invalid_window")
        }
        return (from, to)
    }

    func mapped<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as CalendarError { throw Self.apiError(error) }
    }

    static func apiError(_ error: CalendarError) -> APIError {
        switch error.code {
        case .notFound: APIError.notFound(error.message)
        case .invalid: APIError.badRequest(error.message, code: "invalid_event")
        case .needsReauth: APIError(.conflict, code: "reauth_required", message: error.message)
        case .unavailable: APIError(.serviceUnavailable, code: "calendar_unavailable", message: error.message)
        }
    }
}
