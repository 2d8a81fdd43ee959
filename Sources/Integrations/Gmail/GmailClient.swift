import Foundation

/// Gmail API v1 (read-only): list message ids for a query, and fetch a message's metadata
/// headers and snippet.
public struct GmailClient: Sendable {
    public static let type = "gmail"

    public struct MessageList: Decodable, Sendable {
        public struct Reference: Decodable, Sendable { public var id: String; public var threadId: String? }
        public var messages: [Reference]?
        public var nextPageToken: String?
        public var resultSizeEstimate: Int?
    }

    /// `format=metadata`: headers only, plus labels and snippet.
    public struct Message: Decodable, Sendable, Hashable {
        public struct Header: Decodable, Sendable, Hashable { public var name: String; public var value: String }
        public struct Payload: Decodable, Sendable, Hashable { public var headers: [Header]? }
        public var id: String
        public var threadId: String?
        public var labelIds: [String]?
        public var snippet: String?
        /// Milliseconds since 1970, as a decimal string.
        public var internalDate: String?
        public var payload: Payload?

        public func header(_ name: String) -> String? {
            payload?.headers?.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        public var isUnread: Bool { labelIds?.contains("UNREAD") ?? false }

        public var date: Date? {
            internalDate.flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
        }
    }

    public let api: GoogleAPI
    public let baseURL: String

    public init(api: GoogleAPI, baseURL: String) {
        self.api = api
        self.baseURL = baseURL
    }

    public func list(userID: String, query: String? = nil, pageSize: Int = 10, pageToken: String? = nil) async throws -> MessageList {
        var fields = [("maxResults", String(max(1, min(pageSize, 500))))]
        if let query, !query.isEmpty { fields.append(("q", query)) }
        if let pageToken { fields.append(("pageToken", pageToken)) }
        return try await api.json(MessageList.self, userID: userID, integration: Self.type, .GET,
                                  "\(baseURL)/users/me/messages?\(GoogleHTTP.query(fields))")
    }

    public func message(userID: String, id: String) async throws -> Message {
        let query = GoogleHTTP.query([("format", "metadata"), ("metadataHeaders", "From"), ("metadataHeaders", "Subject"), ("metadataHeaders", "Date")])
        return try await api.json(Message.self, userID: userID, integration: Self.type, .GET,
                                  "\(baseURL)/users/me/messages/\(GoogleHTTP.percentEncode(id))?\(query)")
    }

    /// The newest `count` messages matching `query`, with metadata, fetched in parallel.
    public func recent(userID: String, query: String? = nil, count: Int = 10) async throws -> [Message] {
        let ids = try await list(userID: userID, query: query, pageSize: count).messages?.prefix(count).map(\.id) ?? []
        return try await withThrowingTaskGroup(of: (Int, Message).self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask { (index, try await message(userID: userID, id: id)) }
            }
            var messages: [(Int, Message)] = []
            for try await message in group { messages.append(message) }
            return messages.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
