import Foundation
import Storage

/// The owner's memory as the assistant uses it: relevant entries for a message, and saves
/// that keep the per-user cap by pruning the least relevant (lowest importance and oldest).
public struct MemoryService: Sendable {
    public let repository: MemoryRepository
    /// Entries kept per user; saving past it prunes.
    public var cap: Int
    /// Entries put in a prompt.
    public var promptLimit: Int

    public init(repository: MemoryRepository, cap: Int = 200, promptLimit: Int = 10) {
        self.repository = repository
        self.cap = cap
        self.promptLimit = promptLimit
    }

    public func relevant(userID: String, message: String, now: Date = Date(), limit: Int? = nil) async throws -> [(record: MemoryRecord, score: Double)] {
        let records = try await repository.list(userID: userID)
        let byKey = Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let ranked = MemoryRelevance(now: now).rank(records.map(Self.entry), for: message, limit: limit ?? promptLimit)
        return ranked.compactMap { item in byKey[item.entry.key].map { (record: $0, score: item.score) } }
    }

    @discardableResult
    public func save(userID: String, key: String, content: String, type: String = "fact", importance: Double = 0.6, now: Date = Date()) async throws -> MemoryRecord {
        let record = try await repository.save(userID: userID, key: Self.normalisedKey(key), content: content, type: type, importance: importance)
        try await prune(userID: userID, keeping: record.key, now: now)
        return record
    }

    /// Deletes the least valuable entries past the cap (never the one just saved).
    public func prune(userID: String, keeping key: String? = nil, now: Date = Date()) async throws {
        let records = try await repository.list(userID: userID)
        guard records.count > cap else { return }
        let relevance = MemoryRelevance(now: now)
        let scored: [(key: String, score: Double)] = records.filter { $0.key != key }.map { record in
            (key: record.key, score: relevance.score(Self.entry(record), for: ""))
        }
        let ordered = scored.sorted { left, right in
            left.score != right.score ? left.score < right.score : left.key < right.key
        }
        let victims: [String] = ordered.prefix(records.count - cap).map { $0.key }
        try await repository.delete(userID: userID, keys: victims)
    }

    static func entry(_ record: MemoryRecord) -> MemoryRelevance.Entry {
        MemoryRelevance.Entry(key: record.key, content: record.content, importance: record.importance, updatedAt: record.updatedAt)
    }

    /// Keys are short snake_case so "Preferred hours" and "preferred_hours" are one entry.
    static func normalisedKey(_ key: String) -> String {
        let words = key.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let joined = words.prefix(8).joined(separator: "_")
        return joined.isEmpty ? "note" : String(joined.prefix(120))
    }
}
