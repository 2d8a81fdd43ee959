import Foundation

/// A fault the fake answers with instead of the real response (one per queued entry).
public enum FakeGoogleFault: Sendable, Hashable {
    /// 401 `UNAUTHENTICATED`, as for an expired or revoked access token.
    case unauthorized
    /// 429 with an optional `Retry-After` (seconds).
    case rateLimited(retryAfter: Int?)
    /// 403 with reason `rateLimitExceeded` (Calendar's per-user limit).
    case rateLimitExceeded403
    /// 500 `backendError`.
    case serverError
    /// Waits, then answers normally.
    case slow(Duration)
}

/// Which endpoints a queued fault applies to (`calendarInsert`: only event inserts).
public enum FakeGoogleScope: String, Sendable, Hashable {
    case token, userinfo, gmail, calendar, calendarInsert
}

/// A mailbox message in the fake.
public struct FakeGmailMessage: Sendable, Hashable {
    public var id: String
    public var from: String
    public var subject: String
    public var snippet: String
    public var date: Date
    public var unread: Bool

    public init(id: String = UUID().uuidString.lowercased(), from: String, subject: String, snippet: String, date: Date, unread: Bool = true) {
        self.id = id
        self.from = from
        self.subject = subject
        self.snippet = snippet
        self.date = date
        self.unread = unread
    }
}

/// A calendar event in the fake, kept in Google's JSON vocabulary.
public struct FakeCalendarEvent: Sendable, Hashable {
    public struct Attendee: Sendable, Hashable {
        public var email: String
        public var displayName: String?
        public var responseStatus: String
    }

    public var id: String
    public var summary: String
    public var description: String?
    public var location: String?
    public var start: Date
    public var end: Date
    public var timeZone: String
    public var attendees: [Attendee]
    public var iCalUID: String
    public var sequence: Int
    public var status: String

    public init(id: String = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(), summary: String,
                start: Date, end: Date, timeZone: String = "UTC", location: String? = nil) {
        self.id = id
        self.summary = summary
        self.description = nil
        self.location = location
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.attendees = []
        self.iCalUID = "\(id)@google.com"
        self.sequence = 0
        self.status = "confirmed"
    }

    var json: [String: Any] {
        var object: [String: Any] = [
            "kind": "calendar#event", "id": id, "status": status, "summary": summary, "iCalUID": iCalUID, "sequence": sequence,
            "start": ["dateTime": FakeGoogleServer.rfc3339(start), "timeZone": timeZone],
            "end": ["dateTime": FakeGoogleServer.rfc3339(end), "timeZone": timeZone],
        ]
        if let description { object["description"] = description }
        if let location { object["location"] = location }
        if !attendees.isEmpty {
            object["attendees"] = attendees.map { attendee -> [String: Any] in
                var entry: [String: Any] = ["email": attendee.email, "responseStatus": attendee.responseStatus]
                if let name = attendee.displayName { entry["displayName"] = name }
                return entry
            }
        }
        return object
    }
}
