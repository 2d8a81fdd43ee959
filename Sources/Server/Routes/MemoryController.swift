import Assistant
import Foundation
import Hummingbird
import Storage

/// `GET|POST|DELETE /api/ai/memory`: the owner's memory entries. `GET ?q=message` ranks
/// them by relevance to the message (`score`, best first, `limit` entries), the same
/// ranking the assistant uses to pick what goes into its prompt.
struct MemoryController: Sendable {
    let memories: MemoryRepository

    struct NewMemory: Decodable {
        let key: String
        let content: String
        let type: String?
        let importance: Double?
    }

    struct Entry: Encodable {
        let key: String
        let content: String
        let type: String
        let importance: Double
        let createdAt: Date
        let updatedAt: Date
        var score: Double?

        init(_ record: MemoryRecord, score: Double? = nil) {
            self.score = score
            key = record.key
            content = record.content
            type = record.type
            importance = record.importance
            createdAt = record.createdAt
            updatedAt = record.updatedAt
        }
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get { request, context in
            let entries = try await memories.list(userID: context.user.id, keys: Self.keys(request))
            if let query = request.uri.queryParameters.get("q"), !query.isEmpty {
                let limit = request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 10
                guard (1...200).contains(limit) else { throw APIError.badRequest("limit must be 1 to 200") }
                let byKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
                let ranked = MemoryRelevance().rank(entries.map {
                    MemoryRelevance.Entry(key: $0.key, content: $0.content, importance: $0.importance, updatedAt: $0.updatedAt)
                }, for: query, limit: limit)
                let scored = ranked.compactMap { item in byKey[item.entry.key].map { Entry($0, score: (item.score * 1000).rounded() / 1000) } }
                return try JSONResponse.make(["memories": scored])
            }
            return try JSONResponse.make(["memories": entries.map { Entry($0) }])
        }
        group.post { request, context in
            let body = try await request.decodeJSON(as: NewMemory.self, context: context)
            let key = body.key.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...200).contains(key.count) else { throw APIError.badRequest("key must be 1 to 200 characters") }
            guard (1...10_000).contains(body.content.count) else { throw APIError.badRequest("content must be 1 to 10000 characters") }
            let importance = body.importance ?? 0.5
            guard (0...1).contains(importance) else { throw APIError.badRequest("importance must be between 0 and 1") }
            let record = try await memories.save(
                userID: context.user.id, key: key, content: body.content, type: body.type ?? "fact", importance: importance
            )
            return try JSONResponse.make(Entry(record), status: .created)
        }
        group.delete { request, context in
            let removed = try await memories.delete(userID: context.user.id, keys: Self.keys(request))
            return try JSONResponse.make(["deleted": removed])
        }
    }

    /// `?keys=a,b` → ["a", "b"]; absent → nil (all entries).
    static func keys(_ request: Request) -> [String]? {
        guard let raw = request.uri.queryParameters.get("keys") else { return nil }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
