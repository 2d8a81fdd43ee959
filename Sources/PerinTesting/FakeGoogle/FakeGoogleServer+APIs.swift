import Foundation
import Hummingbird
import NIOCore

extension FakeGoogleServer {
    // MARK: Gmail

    func addGmailRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/gmail/v1/users/me/messages") { request, _ in
            try await self.authorized(request, scope: .gmail, counter: "gmail.list") { account in
                let query = Self.query(request)
                var messages = self.state.withLock { $0.messages[account] ?? [] }.sorted { $0.date > $1.date }
                // The parts of Gmail's search syntax tests use: is:unread, from:NAME, and bare words
                // (subject or snippet), all case-insensitive.
                for term in (query["q"] ?? "").lowercased().split(separator: " ").map(String.init) where term != "in:inbox" {
                    if term == "is:unread" {
                        messages = messages.filter(\.unread)
                    } else if term.hasPrefix("from:") {
                        let who = term.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                        messages = messages.filter { $0.from.lowercased().contains(who) }
                    } else if !term.contains(":") {
                        messages = messages.filter { ($0.subject + " " + $0.snippet).lowercased().contains(term) }
                    }
                }
                let (page, next) = Self.page(messages, query: query, defaultSize: 100)
                var body: [String: Any] = [
                    "messages": page.map { ["id": $0.id, "threadId": $0.id] }, "resultSizeEstimate": messages.count,
                ]
                if let next { body["nextPageToken"] = next }
                return Self.json(body)
            }
        }
        router.get("/gmail/v1/users/me/messages/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.authorized(request, scope: .gmail, counter: "gmail.get") { account in
                guard let message = self.state.withLock({ $0.messages[account] ?? [] }).first(where: { $0.id == id }) else {
                    return Self.googleError(404, "Requested entity was not found.", reason: "notFound", status: "NOT_FOUND")
                }
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
                return Self.json([
                    "id": message.id, "threadId": message.id, "snippet": message.snippet,
                    "labelIds": message.unread ? ["UNREAD", "INBOX"] : ["INBOX"],
                    "internalDate": String(Int64(message.date.timeIntervalSince1970 * 1000)),
                    "sizeEstimate": 1024,
                    "payload": ["mimeType": "multipart/alternative", "headers": [
                        ["name": "From", "value": message.from], ["name": "Subject", "value": message.subject],
                        ["name": "Date", "value": formatter.string(from: message.date)],
                    ]],
                ])
            }
        }
    }

    // MARK: Calendar

    func addCalendarRoutes(_ router: Router<BasicRequestContext>) {
        let events = "/calendar/v3/calendars/primary/events"
        router.get(RouterPath(events)) { request, _ in
            try await self.authorized(request, scope: .calendar, counter: "calendar.list") { account in
                let query = Self.query(request)
                let from = Self.parseDate(query["timeMin"]) ?? .distantPast, to = Self.parseDate(query["timeMax"]) ?? .distantFuture
                let matching = self.events(account: account)
                    .filter { $0.status != "cancelled" && $0.end > from && $0.start < to }
                    .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
                let (page, next) = Self.page(matching, query: query, defaultSize: 250)
                var body: [String: Any] = ["kind": "calendar#events", "summary": account, "timeZone": "UTC", "items": page.map(\.json)]
                if let next { body["nextPageToken"] = next }
                return Self.json(body)
            }
        }
        router.get(RouterPath(events + "/{id}")) { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.authorized(request, scope: .calendar, counter: "calendar.get") { account in
                guard let event = self.events(account: account).first(where: { $0.id == id && $0.status != "cancelled" }) else { return Self.notFound() }
                return Self.json(event.json)
            }
        }
        router.post(RouterPath(events)) { request, _ in
            let body = try await Self.jsonBody(request)
            return try await self.authorized(request, scope: .calendar, narrow: .calendarInsert, counter: "calendar.insert") { account in
                guard let start = Self.time(body["start"]), let end = Self.time(body["end"]) else {
                    return Self.googleError(400, "Missing time.", reason: "required", status: "INVALID_ARGUMENT")
                }
                return self.state.withLock { state -> Response in
                    var list = state.events[account] ?? []
                    var event = FakeCalendarEvent(summary: body["summary"] as? String ?? "", start: start, end: end,
                                                  timeZone: (body["start"] as? [String: Any])?["timeZone"] as? String ?? "UTC",
                                                  location: body["location"] as? String)
                    if let id = body["id"] as? String {
                        guard !list.contains(where: { $0.id == id }) else {
                            return Self.googleError(409, "The requested identifier already exists.", reason: "duplicate", status: "ALREADY_EXISTS")
                        }
                        event.id = id
                    }
                    event.iCalUID = body["iCalUID"] as? String ?? "\(event.id)@google.com"
                    event.description = body["description"] as? String
                    event.attendees = Self.attendees(body["attendees"]) ?? []
                    list.append(event)
                    state.events[account] = list
                    return Self.json(event.json)
                }
            }
        }
        router.patch(RouterPath(events + "/{id}")) { request, context in
            let id = context.parameters.get("id") ?? ""
            let body = try await Self.jsonBody(request)
            return try await self.authorized(request, scope: .calendar, counter: "calendar.patch") { account in
                self.state.withLock { state -> Response in
                    guard var list = state.events[account], let index = list.firstIndex(where: { $0.id == id && $0.status != "cancelled" }) else {
                        return Self.notFound()
                    }
                    if let summary = body["summary"] as? String { list[index].summary = summary }
                    if let location = body["location"] as? String { list[index].location = location }
                    if let description = body["description"] as? String { list[index].description = description }
                    if let start = Self.time(body["start"]) { list[index].start = start }
                    if let end = Self.time(body["end"]) { list[index].end = end }
                    if let attendees = Self.attendees(body["attendees"]) { list[index].attendees = attendees }
                    list[index].sequence += 1
                    state.events[account] = list
                    return Self.json(list[index].json)
                }
            }
        }
        router.delete(RouterPath(events + "/{id}")) { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.authorized(request, scope: .calendar, counter: "calendar.delete") { account in
                self.state.withLock { state -> Response in
                    guard var list = state.events[account], let index = list.firstIndex(where: { $0.id == id }) else { return Self.notFound() }
                    guard list[index].status != "cancelled" else {
                        return Self.googleError(410, "Resource has been deleted", reason: "deleted", status: "GONE")
                    }
                    list[index].status = "cancelled"
                    state.events[account] = list
                    return Response(status: .noContent)
                }
            }
        }
        router.post("/calendar/v3/freeBusy") { request, _ in
            let body = try await Self.jsonBody(request)
            return try await self.authorized(request, scope: .calendar, counter: "calendar.freeBusy") { account in
                let timeMin = body["timeMin"] as? String ?? "", timeMax = body["timeMax"] as? String ?? ""
                guard let from = Self.parseDate(timeMin), let to = Self.parseDate(timeMax) else {
                    return Self.googleError(400, "Bad Request", reason: "badRequest", status: "INVALID_ARGUMENT")
                }
                let busy = self.events(account: account)
                    .filter { $0.status != "cancelled" && $0.end > from && $0.start < to }
                    .sorted { $0.start < $1.start }
                    .map { ["start": Self.rfc3339(max($0.start, from)), "end": Self.rfc3339(min($0.end, to))] }
                return Self.json(["kind": "calendar#freeBusy", "timeMin": timeMin, "timeMax": timeMax, "calendars": ["primary": ["busy": busy]]])
            }
        }
    }

    // MARK: Helpers

    /// Counts the request, applies a queued fault, checks the bearer token, then answers.
    func authorized(_ request: Request, scope: FakeGoogleScope, narrow: FakeGoogleScope? = nil, counter: String,
                    _ body: (String) throws -> Response) async throws -> Response {
        bump(counter, query: Self.query(request))
        if let fault = try await fault(scope) { return fault }
        if let narrow, let fault = try await fault(narrow) { return fault }
        guard let account = account(for: request) else { return Self.unauthorized() }
        return try body(account)
    }

    /// Pagination by offset in `pageToken`, page size from `maxResults`.
    static func page<T>(_ items: [T], query: [String: String], defaultSize: Int) -> ([T], String?) {
        let size = max(1, Int(query["maxResults"] ?? "") ?? defaultSize)
        let offset = max(0, Int(query["pageToken"] ?? "") ?? 0)
        let page = Array(items.dropFirst(offset).prefix(size))
        return (page, offset + size < items.count ? String(offset + size) : nil)
    }

    static func notFound() -> Response {
        googleError(404, "Not Found", reason: "notFound", status: "NOT_FOUND")
    }

    static func jsonBody(_ request: Request) async throws -> [String: Any] {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func time(_ value: Any?) -> Date? {
        guard let object = value as? [String: Any] else { return nil }
        if let dateTime = object["dateTime"] as? String { return parseDate(dateTime) }
        if let date = object["date"] as? String { return parseDate(date + "T00:00:00Z") }
        return nil
    }

    static func attendees(_ value: Any?) -> [FakeCalendarEvent.Attendee]? {
        guard let list = value as? [[String: Any]] else { return nil }
        return list.compactMap { entry in
            (entry["email"] as? String).map {
                FakeCalendarEvent.Attendee(email: $0, displayName: entry["displayName"] as? String,
                                           responseStatus: entry["responseStatus"] as? String ?? "needsAction")
            }
        }
    }
}
