import Foundation

/// One message as the assistant sees it: headers and Gmail's snippet, never a body.
public struct MailItem: Sendable, Hashable {
    public var from: String
    public var subject: String
    public var snippet: String
    public var date: Date?
    public var unread: Bool

    public init(from: String, subject: String, snippet: String, date: Date?, unread: Bool) {
        self.from = from
        self.subject = subject
        self.snippet = snippet
        self.date = date
        self.unread = unread
    }
}

/// Read-only mail search for the owner's tools (Integrations: Gmail).
public protocol AssistantMail: Sendable {
    /// The newest messages matching `query` (Gmail search syntax), at most `limit`.
    func search(userID: String, query: String, limit: Int) async throws -> [MailItem]
}

/// No mail account: the tool says so instead of failing.
public struct MailUnavailable: AssistantMail {
    public init() {}
    public func search(userID: String, query: String, limit: Int) async throws -> [MailItem] {
        throw ToolFailure("no mail account is connected; the owner can connect Gmail under Integrations")
    }
}
