import Assistant
import Foundation
import PerinTesting
import Storage
import Testing

@Suite("Memory relevance and prompts")
struct MemoryAndPromptTests {
    @Test("relevance: term overlap beats importance; recency breaks near-ties")
    func ranking() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let relevance = MemoryRelevance(now: now)
        let entries = [
            MemoryRelevance.Entry(key: "dog_name", content: "My dog is called Rex", importance: 0.9, updatedAt: now),
            MemoryRelevance.Entry(key: "meeting_hours", content: "I prefer morning meetings", importance: 0.3, updatedAt: now.addingTimeInterval(-90 * 86_400)),
            MemoryRelevance.Entry(key: "lunch", content: "Lunch is at noon", importance: 0.3, updatedAt: now),
        ]
        let ranked = relevance.rank(entries, for: "Book a meeting with Sam", limit: 2)
        #expect(ranked.map(\.entry.key) == ["meeting_hours", "dog_name"])
        #expect(relevance.score(entries[2], for: "") > relevance.score(entries[1], for: ""))
    }

    @Test("the per-user cap prunes the least relevant entries, never another user's", arguments: [DatabaseKind.sqlite])
    func cap(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let users = UserRepository(database: database)
            let a = try await users.create(.init(email: "a@example.com", name: "A", passwordHash: nil, timezone: "UTC"))
            let b = try await users.create(.init(email: "b@example.com", name: "B", passwordHash: nil, timezone: "UTC"))
            let service = MemoryService(repository: MemoryRepository(database: database), cap: 3)
            try await service.save(userID: b.id, key: "b1", content: "B fact", importance: 0.1)
            try await service.save(userID: a.id, key: "low", content: "Unimportant", importance: 0.05)
            try await service.save(userID: a.id, key: "mid", content: "Medium", importance: 0.5)
            try await service.save(userID: a.id, key: "high", content: "Important", importance: 0.9)
            try await service.save(userID: a.id, key: "New fact", content: "Newest", importance: 0.4)
            let keys = try await MemoryRepository(database: database).list(userID: a.id).map(\.key).sorted()
            #expect(keys == ["high", "mid", "new_fact"])
            #expect(try await MemoryRepository(database: database).list(userID: b.id).count == 1)
        }
    }

    @Test("a missing or broken template fails loading with its name")
    func templates() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in PromptLibrary.Name.allCases where name != .analysis {
            try "Hello {{{perinName}}}".write(to: directory.appendingPathComponent("\(name.rawValue).mustache"), atomically: true, encoding: .utf8)
        }
        #expect { try PromptLibrary(directory: directory.path) } throws: { "\($0)".contains("'analysis.mustache' is missing") }
        try "{{#open}} never closed".write(to: directory.appendingPathComponent("analysis.mustache"), atomically: true, encoding: .utf8)
        #expect { try PromptLibrary(directory: directory.path) } throws: { "\($0)".contains("analysis.mustache does not parse") }
        try "ok".write(to: directory.appendingPathComponent("analysis.mustache"), atomically: true, encoding: .utf8)
        let library = try PromptLibrary(directory: directory.path)
        #expect(library.render(.system, ["perinName": "Ada"]) == "Hello Ada")
    }

    @Test("the shipped system prompt carries the owner's clock, memory and context")
    func systemPrompt() throws {
        let library = try PromptLibrary(directory: ChatHarness.promptsDirectory)
        let text = library.render(.system, [
            "perinName": "Ada", "ownerName": "Alex", "tone": "warm", "timeZone": "Europe/Berlin", "currentTime": "2026-11-21T10:00:00+01:00",
            "hasMemory": true, "memory": ["I prefer morning meetings"], "contexts": [["heading": "Calendar events", "lines": ["a <b> & c"]]],
            "specialization": false,
        ])
        #expect(text.contains("You are Ada, the personal assistant of Alex."))
        #expect(text.contains("Current time: 2026-11-21T10:00:00+01:00 (Europe/Berlin)"))
        #expect(text.contains("What you know about the owner:\n- I prefer morning meetings"))
        #expect(text.contains("Calendar events:\n- a <b> & c"))
        #expect(!text.contains("delegation"))
    }
}
