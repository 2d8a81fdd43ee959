import Foundation
import PerinTesting
import Storage
import Testing

/// The read-only `gmail_search` tool end to end: the owner connects Gmail (the fake, over
/// real HTTP), asks the offline model about mail, and the answer comes from the tool's search.
@Suite("Mail look-up through the chat")
struct MailSearchChatTests {
    @Test("'Any emails from Dana?' searches Gmail and answers with Dana's message only", arguments: TestDatabases.kinds)
    func searchByChat(kind: DatabaseKind) async throws {
        let google = try await FakeGoogleServer.start()
        defer { Task { await google.stop() } }
        try await DelegationHarness.withServer(kind, assistant: true, google: google) { server in
            let (_, api) = try await server.makeOwner("owner@example.com")
            google.setAccount("owner@example.com")
            // Before Gmail is connected the tool says so, and the turn still answers.
            let before = try await AgentToAgentChatTests().chat(server, api, "Any emails from Dana?")
            #expect(before.toolResults("gmail_search").first?["ok"] as? Bool == false, "\(before.raw)")

            #expect(try await server.connectGoogle("gmail", apiToken: api, google: google) == 302)
            google.addMessages([
                FakeGmailMessage(from: "Dana Berg <dana@example.com>", subject: "Quarterly plan", snippet: "Can we meet Thursday?", date: Date().addingTimeInterval(-3600)),
                FakeGmailMessage(from: "Lee <lee@example.com>", subject: "Invoice 42", snippet: "Attached", date: Date().addingTimeInterval(-7200)),
            ], account: "owner@example.com")
            let answer = try await AgentToAgentChatTests().chat(server, api, "Any emails from Dana?")
            let results = answer.toolResults("gmail_search")
            #expect(results.first?["ok"] as? Bool == true, "\(answer.raw)")
            #expect(google.lastQuery("gmail.list")["q"] == "from:Dana", "\(google.lastQuery("gmail.list"))")
            let found = results.first?["content"] as? String ?? ""
            #expect(found.contains("Quarterly plan") && !found.contains("Invoice 42"), "\(found)")
            #expect(answer.reply.contains("Quarterly plan"), "\(answer.reply)")
            #expect(!answer.reply.contains("Invoice 42"))
            #expect(google.count("calendar.insert") == 0)
        }
    }
}
