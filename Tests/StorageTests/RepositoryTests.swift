import Foundation
import PerinTesting
import Storage
import Testing

@Suite("Repositories")
struct RepositoryTests {
    @Test("users: create, find by email case-insensitively, duplicate email is a conflict", arguments: TestDatabases.kinds)
    func users(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let users = UserRepository(database: database)
            let ada = try await users.create(.init(email: "Ada@Example.com", name: "Ada", timezone: "Asia/Kolkata", perinName: "Ari"))
            #expect(ada.email == "ada@example.com")
            #expect(try await users.find(email: "ADA@example.com")?.id == ada.id)
            #expect(try await users.find(id: ada.id)?.perinName == "Ari")
            await #expect(throws: DatabaseError(.conflict, "a user with this email already exists")) {
                try await users.create(.init(email: "ada@example.com", name: "Other"))
            }
            #expect(try await users.list().count == 1)
        }
    }

    @Test("API tokens: stored as SHA-256 only, revoked tokens stop working", arguments: TestDatabases.kinds)
    func tokens(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let user = try await UserRepository(database: database).create(.init(email: "t@example.com", name: "T"))
            let tokens = APITokenRepository(database: database)
            let (record, secret) = try await tokens.issue(userID: user.id)
            #expect(secret.hasPrefix("perin_") && secret.count == 6 + 43)
            #expect(record.tokenHash == SecretToken.hash(secret))
            #expect(record.tokenHash != secret)
            let stored = try await database.withConnection { db in
                try await db.select().column("token_hash").from("api_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
            }
            #expect(stored == [SecretToken.hash(secret)])
            #expect(try await tokens.user(forSecret: secret)?.id == user.id)
            #expect(try await tokens.user(forSecret: secret + "x") == nil)
            #expect(try await tokens.revoke(id: record.id, userID: "someone-else") == false)
            #expect(try await tokens.revoke(id: record.id, userID: user.id) == true)
            #expect(try await tokens.user(forSecret: secret) == nil)
            #expect(try await tokens.revoke(id: record.id, userID: user.id) == false)
        }
    }

    @Test("conversations are scoped to their owner", arguments: TestDatabases.kinds)
    func conversationIsolation(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let users = UserRepository(database: database)
            let alice = try await users.create(.init(email: "alice@example.com", name: "Alice"))
            let bob = try await users.create(.init(email: "bob@example.com", name: "Bob"))
            let conversations = ConversationRepository(database: database)
            let chat = try await conversations.create(userID: alice.id, title: "Planning")
            try await conversations.append(conversationID: chat.id, userID: alice.id, role: "user", content: "hello")
            try await conversations.append(conversationID: chat.id, userID: alice.id, role: "assistant", content: "hi", partial: true)

            await #expect(throws: DatabaseError(.notFound, "conversation not found")) {
                try await conversations.append(conversationID: chat.id, userID: bob.id, role: "user", content: "intrusion")
            }
            #expect(try await conversations.find(id: chat.id, userID: bob.id) == nil)
            #expect(try await conversations.messages(conversationID: chat.id, userID: bob.id, limit: 50, offset: 0).isEmpty)
            #expect(try await conversations.delete(id: chat.id, userID: bob.id) == false)

            let messages = try await conversations.messages(conversationID: chat.id, userID: alice.id, limit: 50, offset: 0)
            #expect(messages.map(\.content) == ["hello", "hi"])
            #expect(messages.map(\.partial) == [false, true])
            #expect(messages.map(\.seq) == [1, 2])
            #expect(try await conversations.list(userID: alice.id, limit: 10, offset: 0).map(\.id) == [chat.id])
            #expect(try await conversations.delete(id: chat.id, userID: alice.id) == true)
            #expect(try await conversations.list(userID: alice.id, limit: 10, offset: 0).isEmpty)
        }
    }

    @Test("memory: upsert by key, list and delete by keys, per user", arguments: TestDatabases.kinds)
    func memory(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let users = UserRepository(database: database)
            let alice = try await users.create(.init(email: "a@example.com", name: "A"))
            let bob = try await users.create(.init(email: "b@example.com", name: "B"))
            let memory = MemoryRepository(database: database)
            let first = try await memory.save(userID: alice.id, key: "meetings", content: "mornings", type: "preference", importance: 0.8)
            let second = try await memory.save(userID: alice.id, key: "meetings", content: "afternoons", type: "preference", importance: 0.9)
            #expect(second.id == first.id)
            try await memory.save(userID: alice.id, key: "city", content: "Lisbon", type: "fact", importance: 0.4)
            try await memory.save(userID: bob.id, key: "city", content: "Oslo", type: "fact", importance: 0.4)

            let meetings = try await memory.list(userID: alice.id, keys: ["meetings"])
            #expect(meetings.map(\.content) == ["afternoons"])
            #expect(meetings.first?.importance == 0.9)
            #expect(Set(try await memory.list(userID: alice.id).map(\.key)) == ["meetings", "city"])
            #expect(try await memory.list(userID: alice.id, keys: []).isEmpty)
            #expect(try await memory.delete(userID: alice.id, keys: ["city"]) == 1)
            #expect(try await memory.list(userID: bob.id).map(\.content) == ["Oslo"])
            #expect(try await memory.delete(userID: alice.id) == 1)
            #expect(try await memory.list(userID: alice.id).isEmpty)
        }
    }

    @Test("web sessions expire", arguments: TestDatabases.kinds)
    func sessions(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let user = try await UserRepository(database: database).create(.init(email: "s@example.com", name: "S"))
            let sessions = WebSessionRepository(database: database)
            let secret = try await sessions.create(userID: user.id, lifetime: 60)
            #expect(try await sessions.user(forSecret: secret)?.id == user.id)
            #expect(try await sessions.user(forSecret: secret, now: Date().addingTimeInterval(120)) == nil)
            try await sessions.delete(secret: secret)
            #expect(try await sessions.user(forSecret: secret) == nil)
        }
    }

    @Test("SQL injection in values is stored as data", arguments: TestDatabases.kinds)
    func parameterised(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let users = UserRepository(database: database)
            let hostile = "x'); DROP TABLE users; --@example.com"
            let user = try await users.create(.init(email: hostile, name: "Robert'); --"))
            #expect(try await users.find(email: hostile)?.id == user.id)
            #expect(try await users.list().count == 1)
        }
    }
}
