import Foundation
import LLM

/// Google Calendar API v3 on the owner's primary calendar: events (single instances, ordered by
/// start, every page), free/busy, insert, patch, delete. Authorization, the 401 refresh-retry,
/// retries and the breaker come from `GoogleAPI`.
public struct GoogleCalendarClient: Sendable {
    public static let type = "google-calendar"

    public let api: GoogleAPI
    public let baseURL: String
    /// Pages followed at most per listing (a runaway `nextPageToken` cannot loop forever).
    public var maxPages = 20
    public var pageSize = 250

    public init(api: GoogleAPI, baseURL: String) {
        self.api = api
        self.baseURL = baseURL
    }

    var eventsURL: String { "\(baseURL)/calendars/primary/events" }

    /// Every event overlapping [from, to), recurring ones expanded, earliest first, and the
    /// calendar's own time zone (for all-day events).
    public func events(userID: String, from: Date, to: Date) async throws -> (events: [GoogleCalendarEvent], timeZone: String?) {
        var events: [GoogleCalendarEvent] = []
        var pageToken: String?
        var zone: String?
        for _ in 0..<maxPages {
            var fields = [
                ("singleEvents", "true"), ("orderBy", "startTime"), ("timeMin", RFC3339.string(from)),
                ("timeMax", RFC3339.string(to)), ("maxResults", String(pageSize)),
            ]
            if let pageToken { fields.append(("pageToken", pageToken)) }
            let page = try await api.json(GoogleEventList.self, userID: userID, integration: Self.type, .GET,
                                          "\(eventsURL)?\(GoogleHTTP.query(fields))")
            events += page.items ?? []
            zone = zone ?? page.timeZone
            guard let next = page.nextPageToken, !next.isEmpty else { return (events, zone) }
            pageToken = next
        }
        return (events, zone)
    }

    /// Busy periods of the primary calendar in [from, to).
    public func freeBusy(userID: String, from: Date, to: Date) async throws -> [(start: Date, end: Date)] {
        let body = try JSONEncoder().encode(GoogleFreeBusyRequest(timeMin: RFC3339.string(from), timeMax: RFC3339.string(to), items: [.init(id: "primary")]))
        let answer = try await api.json(GoogleFreeBusyResponse.self, userID: userID, integration: Self.type, .POST, "\(baseURL)/freeBusy", body: body)
        return (answer.calendars?["primary"]?.busy ?? []).compactMap { period in
            guard let start = RFC3339.date(period.start), let end = RFC3339.date(period.end) else { return nil }
            return (start, end)
        }
    }

    public func event(userID: String, id: String) async throws -> GoogleCalendarEvent? {
        let reply = try await api.send(userID: userID, type: Self.type, .GET, "\(eventsURL)/\(GoogleHTTP.percentEncode(id))", acceptStatus: [404, 410])
        guard reply.status < 300 else { return nil }
        return try api.http.decode(GoogleCalendarEvent.self, from: reply, service: Self.type)
    }

    /// Inserts with a caller-chosen id when given, so a retried insert finds the event the first
    /// one made (Google answers 409 for a taken id) instead of creating a second.
    public func insert(userID: String, _ event: GoogleCalendarEvent, sendUpdates: Bool) async throws -> GoogleCalendarEvent {
        let url = "\(eventsURL)?sendUpdates=\(sendUpdates ? "all" : "none")"
        let reply = try await api.send(userID: userID, type: Self.type, .POST, url, json: try JSONEncoder().encode(event), acceptStatus: [409])
        if reply.status == 409, let id = event.id, let existing = try await self.event(userID: userID, id: id) {
            return existing
        }
        return try api.http.decode(GoogleCalendarEvent.self, from: reply, service: Self.type)
    }

    /// nil when there is no such event.
    public func patch(userID: String, id: String, _ patch: GoogleCalendarEvent, sendUpdates: Bool) async throws -> GoogleCalendarEvent? {
        let url = "\(eventsURL)/\(GoogleHTTP.percentEncode(id))?sendUpdates=\(sendUpdates ? "all" : "none")"
        let reply = try await api.send(userID: userID, type: Self.type, .PATCH, url, json: try JSONEncoder().encode(patch), acceptStatus: [404, 410])
        guard reply.status < 300 else { return nil }
        return try api.http.decode(GoogleCalendarEvent.self, from: reply, service: Self.type)
    }

    /// false when there was no such event.
    public func delete(userID: String, id: String, sendUpdates: Bool = true) async throws -> Bool {
        let url = "\(eventsURL)/\(GoogleHTTP.percentEncode(id))?sendUpdates=\(sendUpdates ? "all" : "none")"
        let reply = try await api.send(userID: userID, type: Self.type, .DELETE, url, acceptStatus: [404, 410])
        return reply.status < 300
    }
}
