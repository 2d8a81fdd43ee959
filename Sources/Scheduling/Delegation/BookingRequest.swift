public import Foundation

/// A guest's booking request (`POST /api/public/delegation/{token}/book`).
public struct BookingRequest: Codable, Sendable, Equatable {
    public var start: Date
    public var durationMins: Int?
    public var name: String
    public var email: String
    /// The guest's IANA zone, for their copy of the times.
    public var timezone: String
    public var note: String?

    public init(start: Date, durationMins: Int?, name: String, email: String, timezone: String, note: String? = nil) {
        self.start = start
        self.durationMins = durationMins
        self.name = name
        self.email = email
        self.timezone = timezone
        self.note = note
    }

    /// Trims and checks the guest's fields; the error names the bad one.
    public func validated() throws(DelegationError) -> BookingRequest {
        var clean = self
        clean.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        clean.email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        clean.note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if clean.note?.isEmpty == true { clean.note = nil }
        guard !clean.name.isEmpty, clean.name.count <= 200, !clean.name.contains(where: \.isNewline) else {
            throw .invalid("name is required (at most 200 characters)")
        }
        let parts = clean.email.split(separator: "@", omittingEmptySubsequences: false)
        guard clean.email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !clean.email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == ":" })
        else { throw .invalid("email must be an email address") }
        guard TimeZone(identifier: timezone) != nil else { throw .invalid("timezone must be an IANA time zone such as Europe/Berlin") }
        if let note = clean.note, note.count > 2000 { throw .invalid("note must be at most 2000 characters") }
        guard start.timeIntervalSince1970.truncatingRemainder(dividingBy: 60) == 0 else {
            throw .invalid("start must be on a whole minute")
        }
        return clean
    }

    /// Identifies the request for idempotency: a retry must ask for the same thing.
    func fingerprint(linkID: String, duration: Int) -> String {
        "\(linkID)|\(Int64(start.timeIntervalSince1970))|\(duration)|\(email.lowercased())|\(name)"
    }
}
