import Assistant
import Foundation
import LLM
import PerinTesting
import Storage
import Testing

/// End to end over real HTTP with the offline built-in model, on SQLite and PostgreSQL.
@Suite("Chat with the offline model")
struct OfflineChatTests {
    @Test("schedule → tool call → calendar event → streamed confirmation in local time", arguments: TestDatabases.kinds)
    func schedule(kind: DatabaseKind) async throws {
        try await ChatHarness.withServer(kind) { harness in
            let (user, token) = try await harness.makeUser("owner@example.com")
            let response = try await harness.chat("Schedule 30 minutes with Dana tomorrow at 10", token: token, sse: true)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            let events = response.events
            let call = try #require(events.first { $0.0 == "tool_call" }?.1)
            #expect(call["name"] as? String == "calendar_create_solo_event")
            let result = try #require(events.first { $0.0 == "tool_result" }?.1)
            #expect(result["ok"] as? Bool == true)

            let start = TestClock.tomorrow(hour: 10)
            let stored = try await harness.calendar.events(userID: user.id, from: start.addingTimeInterval(-1), to: start.addingTimeInterval(3600))
            #expect(stored.count == 1)
            #expect(stored.first?.start == start)
            #expect(stored.first?.end == start.addingTimeInterval(1800))
            #expect(stored.first?.title == "Meeting with Dana")

            let reply = events.filter { $0.0 == "token" }.compactMap { $0.1["text"] as? String }.joined()
            #expect(reply.contains("Meeting with Dana"))
            #expect(reply.contains("tomorrow"))
            #expect(reply.contains("10:00–10:30"))
            #expect(reply.contains("Europe/Berlin"))
            #expect(events.last?.0 == "done")

            // History: user, tool call, tool result, reply — typed entries.
            let done = try #require(events.last?.1)
            let conversationID = try #require(done["conversationId"] as? String)
            #expect(events.contains { $0.0 == "action" && $0.1["action"] as? String == "conversation:\(conversationID)" })
            let history = try await harness.request(.get, "/api/conversations/\(conversationID)/messages", token: token)
            let roles = (history.json["messages"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
            #expect(roles == ["user", "tool_call", "tool_result", "assistant"])
        }
    }

    @Test("a New York owner gets the event at 10:00 New York time", arguments: [DatabaseKind.sqlite])
    func otherZone(kind: DatabaseKind) async throws {
        try await ChatHarness.withServer(kind) { harness in
            let (user, token) = try await harness.makeUser("ny@example.com", timezone: "America/New_York")
            let response = try await harness.chat("Schedule 30 minutes with Dana tomorrow at 10", token: token)
            var zone = Calendar(identifier: .gregorian)
            zone.timeZone = TimeZone(identifier: "America/New_York")!
            let start = TestClock.tomorrow(hour: 10, in: zone)
            let stored = try await harness.calendar.events(userID: user.id, from: start, to: start.addingTimeInterval(60))
            #expect(stored.first?.start == start)
            #expect(response.replyText.contains("10:00–10:30 (America/New_York)"))
            #expect(response.text.hasPrefix("[[PERIN_PROGRESS:Thinking]]"))
        }
    }

    @Test("a calendar question is answered from calendar context", arguments: TestDatabases.kinds)
    func calendarQuestion(kind: DatabaseKind) async throws {
        try await ChatHarness.withServer(kind) { harness in
            let (user, token) = try await harness.makeUser("cal@example.com")
            let (other, _) = try await harness.makeUser("other@example.com")
            let friday = TestClock.nextFriday(hour: 9)
            harness.calendar.add(userID: user.id, CalendarItem(id: "e1", title: "Design review", start: friday, end: friday.addingTimeInterval(3600)))
            harness.calendar.add(userID: other.id, CalendarItem(id: "e2", title: "Secret board meeting", start: friday, end: friday.addingTimeInterval(3600)))
            let response = try await harness.chat("What's on my calendar Friday?", token: token)
            let reply = response.replyText
            #expect(reply.contains("Design review"))
            #expect(reply.contains("09:00–10:00"))
            #expect(!reply.contains("Secret board meeting"))
            #expect(!response.text.contains("PERIN_ACTION:degraded"))
            #expect(response.text.contains("[[PERIN_ACTION:conversation:"))
            #expect(harness.calendar.creations == 0)
        }
    }

    @Test("remember → memory API (ranked) → used in a later answer", arguments: TestDatabases.kinds)
    func remember(kind: DatabaseKind) async throws {
        try await ChatHarness.withServer(kind) { harness in
            let (_, token) = try await harness.makeUser("mem@example.com")
            let (_, otherToken) = try await harness.makeUser("mem2@example.com")
            let saved = try await harness.chat("Remember that I prefer morning meetings", token: token)
            #expect(saved.replyText.contains("I'll remember that you prefer morning meetings"))

            let memory = try await harness.request(.get, "/api/ai/memory", token: token)
            let entries = memory.json["memories"] as? [[String: Any]] ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["content"] as? String == "I prefer morning meetings")
            let key = try #require(entries.first?["key"] as? String)
            let byKey = try await harness.request(.get, "/api/ai/memory?keys=\(key)", token: token)
            #expect((byKey.json["memories"] as? [[String: Any]])?.count == 1)

            _ = try await harness.request(.post, "/api/ai/memory", token: token, json: #"{"key":"dog_name","content":"My dog is called Rex","importance":0.2}"#)
            let ranked = try await harness.request(.get, "/api/ai/memory?q=when%20do%20I%20like%20meetings", token: token)
            let rankedEntries = ranked.json["memories"] as? [[String: Any]] ?? []
            #expect(rankedEntries.first?["key"] as? String == key)
            #expect((rankedEntries.first?["score"] as? Double ?? 0) > (rankedEntries.last?["score"] as? Double ?? 1))

            let other = try await harness.request(.get, "/api/ai/memory", token: otherToken)
            #expect((other.json["memories"] as? [[String: Any]])?.isEmpty == true)

            let later = try await harness.chat("What do you know about me?", token: token)
            #expect(later.replyText.contains("I prefer morning meetings"))
        }
    }

    @Test("a conversation continues by id; another user's or an unknown id is 404", arguments: [DatabaseKind.sqlite])
    func continueConversation(kind: DatabaseKind) async throws {
        try await ChatHarness.withServer(kind) { harness in
            let (_, token) = try await harness.makeUser("conv@example.com")
            let (_, otherToken) = try await harness.makeUser("conv2@example.com")
            let first = try await harness.chat("Hi!", token: token)
            let marker = try #require(first.text.range(of: "[[PERIN_ACTION:conversation:"))
            let id = String(first.text[marker.upperBound...].prefix { $0 != "]" })
            let second = try await harness.chat("Remember that I like tea", token: token, conversationID: id)
            #expect(second.status == .ok)
            #expect(second.headers[.init("X-Conversation-Id")!] == id)
            #expect(!second.text.contains("PERIN_ACTION:conversation"))
            let history = try await harness.request(.get, "/api/conversations/\(id)/messages", token: token)
            let roles = (history.json["messages"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
            #expect(roles == ["user", "assistant", "user", "tool_call", "tool_result", "assistant"])
            #expect(try await harness.chat("Hi", token: otherToken, conversationID: id).status == .notFound)
            #expect(try await harness.chat("Hi", token: token, conversationID: "nope").status == .notFound)
        }
    }

    @Test("classify answers intent, confidence and entities", arguments: [DatabaseKind.sqlite])
    func classify(kind: DatabaseKind) async throws {
        try await ChatHarness.withServer(kind) { harness in
            let (_, token) = try await harness.makeUser("cls@example.com")
            let response = try await harness.request(.post, "/api/ai/classify", token: token, json: #"{"message":"Schedule 30 minutes with Dana tomorrow at 10"}"#)
            #expect(response.status == .ok)
            #expect(response.json["intent"] as? String == "schedule")
            let entities = response.json["entities"] as? [String: Any]
            #expect(entities?["people"] as? [String] == ["Dana"])
            #expect(entities?["durationMinutes"] as? Int == 30)
            #expect((response.json["confidence"] as? Double ?? 0) > 0.5)
        }
    }

    @Test("multi-step: each step is reported with control tokens", arguments: [DatabaseKind.sqlite])
    func multiStep(kind: DatabaseKind) async throws {
        try await ChatHarness.withServer(kind) { harness in
            let (user, token) = try await harness.makeUser("multi@example.com")
            let response = try await harness.chat(
                "Schedule lunch with Sam tomorrow at 12, then remember that Sam is vegetarian", token: token)
            let text = response.text
            #expect(text.contains("[[PERIN_MULTI_STEP:initiated:2 dependent actions:0.80]]"))
            #expect(text.contains("[[PERIN_STEP:start:s1:Schedule]]"))
            #expect(text.contains("[[PERIN_STEP_RESULT:s1:completed:"))
            #expect(text.contains("[[PERIN_STEP:start:s2:Remember]]"))
            #expect(text.contains("[[PERIN_STEP_RESULT:s2:completed:"))
            #expect(text.contains("[[PERIN_MULTI_STEP:complete]]"))
            let noon = TestClock.tomorrow(hour: 12)
            #expect(try await harness.calendar.events(userID: user.id, from: noon, to: noon.addingTimeInterval(60)).count == 1)
            let memory = try await harness.request(.get, "/api/ai/memory", token: token)
            #expect((memory.json["memories"] as? [[String: Any]])?.first?["content"] as? String == "Sam is vegetarian")
        }
    }
}
