import Foundation

/// Google Calendar API v3 JSON shapes (the fields Perin reads and writes).
public struct GoogleCalendarEvent: Codable, Sendable, Hashable {
    public struct Time: Codable, Sendable, Hashable {
        /// RFC 3339 with offset, for timed events.
        public var dateTime: String?
        /// `yyyy-mm-dd`, for all-day events.
        public var date: String?
        public var timeZone: String?

        public init(dateTime: String? = nil, date: String? = nil, timeZone: String? = nil) {
            self.dateTime = dateTime
            self.date = date
            self.timeZone = timeZone
        }
    }

    public struct Attendee: Codable, Sendable, Hashable {
        public var email: String?
        public var displayName: String?
        /// `needsAction`, `declined`, `tentative`, `accepted`.
        public var responseStatus: String?

        public init(email: String?, displayName: String? = nil, responseStatus: String? = nil) {
            self.email = email
            self.displayName = displayName
            self.responseStatus = responseStatus
        }
    }

    public var id: String?
    public var status: String?
    public var summary: String?
    public var description: String?
    public var location: String?
    public var start: Time?
    public var end: Time?
    public var attendees: [Attendee]?
    public var iCalUID: String?
    public var sequence: Int?
    public var transparency: String?

    public init(id: String? = nil, summary: String? = nil, start: Time? = nil, end: Time? = nil) {
        self.id = id
        self.summary = summary
        self.start = start
        self.end = end
    }
}

/// `events.list` page.
struct GoogleEventList: Decodable {
    var items: [GoogleCalendarEvent]?
    var nextPageToken: String?
    var timeZone: String?
}

/// `freeBusy.query` request and answer.
struct GoogleFreeBusyRequest: Encodable {
    struct Item: Encodable { let id: String }
    let timeMin: String
    let timeMax: String
    let items: [Item]
}

struct GoogleFreeBusyResponse: Decodable {
    struct Calendar: Decodable {
        struct Period: Decodable { let start: String; let end: String }
        let busy: [Period]?
    }
    let calendars: [String: Calendar]?
}

/// RFC 3339 as Google writes and reads it.
enum RFC3339 {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// An all-day `yyyy-mm-dd` as midnight in `zone`.
    static func day(_ text: String, zone: TimeZone) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}
