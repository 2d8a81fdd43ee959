import Foundation
import Hummingbird
import Storage

/// `GET|POST|DELETE /api/ai/memory`: the owner's memory entries.
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

        init(_ record: MemoryRecord) {
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
            return try JSONResponse.make(["memories": entries.map(Entry.init)])
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
