import Foundation
import HTTPTypes
import NIOCore
import HummingbirdTesting
import PerinTesting
import Server
import Storage
import Testing

@Suite("Per-user isolation")
struct IsolationTests {
    @Test("user A cannot read, list or delete user B's memory and conversations", arguments: TestDatabases.kinds)
    func isolation(kind: DatabaseKind) async throws {
        try await ServerHarness.withServer(kind) { server in
            let (alice, aliceToken) = try await server.makeUser("alice@example.com")
            let (_, bobToken) = try await server.makeUser("bob@example.com")

            let saved = try await server.request(.post, "/api/ai/memory", token: aliceToken, json: #"{"key":"doctor","content":"Dr. Sentinel-4711 on Tuesdays"}"#)
            #expect(saved.status == .created)
            let conversation = try await ConversationRepository(database: server.database).create(userID: alice.id, title: "private")
            try await ConversationRepository(database: server.database).append(conversationID: conversation.id, userID: alice.id, role: "user", content: "Sentinel-4711")

            let bobMemory = try await server.request(.get, "/api/ai/memory", token: bobToken)
            #expect(bobMemory.status == .ok)
            #expect((bobMemory.json["memories"] as? [Any])?.count == 0)
            #expect(!bobMemory.text.contains("Sentinel"))

            let bobMessages = try await server.request(.get, "/api/conversations/\(conversation.id)/messages", token: bobToken)
            #expect(bobMessages.status == .notFound)
            #expect(!bobMessages.text.contains("Sentinel"))
            let bobList = try await server.request(.get, "/api/conversations", token: bobToken)
            #expect((bobList.json["conversations"] as? [Any])?.count == 0)
            #expect(try await server.request(.delete, "/api/conversations/\(conversation.id)", token: bobToken).status == .notFound)
            #expect(try await server.request(.delete, "/api/ai/memory?keys=doctor", token: bobToken).json["deleted"] as? Int == 0)

            let aliceMessages = try await server.request(.get, "/api/conversations/\(conversation.id)/messages", token: aliceToken)
            #expect(aliceMessages.status == .ok)
            #expect((aliceMessages.json["messages"] as? [[String: Any]])?.first?["content"] as? String == "Sentinel-4711")
            let aliceMemory = try await server.request(.get, "/api/ai/memory?keys=doctor", token: aliceToken)
            #expect(((aliceMemory.json["memories"] as? [[String: Any]])?.first)?["content"] as? String == "Dr. Sentinel-4711 on Tuesdays")
        }
    }
}
