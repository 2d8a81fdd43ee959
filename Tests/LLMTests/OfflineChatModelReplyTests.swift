import Foundation
import Testing
@testable import LLM

@Suite struct OfflineChatModelReplyTests {
    /// A request that made `call` and got `result` back, as the planner loop sends it.
    func afterTool(_ user: String, _ name: String, _ arguments: String, _ result: String,
                   extra: String = "", tools: [ToolSpec] = OfflineFixtures.ownerTools) -> ChatRequest {
        let call = ToolCall(id: "call_1", name: name, arguments: arguments)
        return ChatRequest(messages: [
            .system(OfflineFixtures.systemPrompt(extra: extra)), .user(user),
            .assistant(nil, toolCalls: [call]), .tool(callID: "call_1", content: result),
        ], tools: tools)
    }

    static let replies: [(String, String, String, String, String)] = [
        ("Schedule 30 minutes with Dana tomorrow at 10", "calendar_create_solo_event",
         #"{"title":"Meeting with Dana","start":"2026-11-22T10:00:00+01:00","end":"2026-11-22T10:30:00+01:00","durationMins":30}"#,
         #"{"id":"ev_1","status":"created"}"#,
         "Done — I booked \u{201C}Meeting with Dana\u{201D} for tomorrow, Sun 22 Nov, 10:00–10:30 (Europe/Berlin)."),
        ("What's on my calendar Friday?", "calendar_list_events",
         #"{"from":"2026-11-27T00:00:00+01:00","to":"2026-11-28T00:00:00+01:00"}"#,
         #"{"events":[{"title":"Standup","start":"2026-11-27T09:00:00+01:00","end":"2026-11-27T09:15:00+01:00"},{"title":"Design review","start":"2026-11-27T14:00:00+01:00","end":"2026-11-27T15:00:00+01:00"}]}"#,
         "You have 2 events on Fri 27 Nov (Europe/Berlin):\n- 09:00–09:15 Standup\n- 14:00–15:00 Design review"),
        ("What do I have today?", "calendar_list_events",
         #"{"from":"2026-11-21T00:00:00+01:00","to":"2026-11-22T00:00:00+01:00"}"#, #"{"events":[]}"#,
         "Your calendar is clear today (Sat 21 Nov)."),
        ("Am I free at 3pm tomorrow?", "calendar_list_events",
         #"{"from":"2026-11-22T15:00:00+01:00","to":"2026-11-22T16:00:00+01:00"}"#, "[]",
         "You're free tomorrow (Sun 22 Nov) at 15:00 (Europe/Berlin)."),
        ("Any emails from Dana?", "gmail_search", #"{"query":"from:Dana"}"#,
         #"[{"from":"Dana Lee","subject":"Contract","snippet":"Signed copy attached"}]"#,
         "I found 1 email:\n- Dana Lee: \u{201C}Contract\u{201D} — Signed copy attached"),
        ("Remember that I prefer morning meetings", "memory_save",
         #"{"key":"prefer_morning_meetings","content":"I prefer morning meetings"}"#, #"{"ok":true}"#,
         "Got it — I'll remember that you prefer morning meetings."),
        ("Decline the second", "notifications_resolve", #"{"notificationId":"n_2","action":"decline"}"#, #"{"ok":true}"#,
         "Done — I declined it."),
        ("Find time with Dana on Tuesday", "network_schedule_meeting",
         #"{"counterpartName":"Dana","durationMins":30,"windowStart":"2026-11-24T09:00:00+01:00","windowEnd":"2026-11-24T17:00:00+01:00"}"#,
         #"{"sessionId":"s_1","status":"pending"}"#,
         "I've asked Dana for 30 minutes on Tue 24 Nov between 09:00 and 17:00. I'll let you know when they reply."),
        ("Add gym tomorrow at 7", "calendar_create_solo_event",
         #"{"title":"Gym","start":"2026-11-22T07:00:00+01:00","durationMins":60}"#, #"{"error":"calendar is read-only"}"#,
         "Sorry — I couldn't add that to your calendar: calendar is read-only"),
    ]

    @Test(arguments: replies)
    func writesTheReplyFromToolResults(user: String, tool: String, arguments: String, result: String, reply: String) async throws {
        let completion = try await OfflineFixtures.model().complete(afterTool(user, tool, arguments, result))
        #expect(completion.toolCalls.isEmpty)
        #expect(completion.finishReason == .stop)
        #expect(completion.text == reply)
    }

    @Test func listsFreeSlotsForAVisitorThenConfirmsTheBooking() async throws {
        let slots = #"{"slots":[{"start":"2026-11-23T09:00:00+01:00"},{"start":"2026-11-23T11:00:00+01:00"}]}"#
        let listed = try await OfflineFixtures.model().complete(afterTool(
            "What times are free on Monday?", "delegation_check_availability",
            #"{"from":"2026-11-23T09:00:00+01:00","to":"2026-11-23T17:00:00+01:00","durationMins":30}"#, slots,
            extra: OfflineFixtures.delegationPrompt, tools: OfflineFixtures.delegationTools))
        #expect(listed.text == "Here are the free times (Europe/Berlin):\n1. Mon 23 Nov, 09:00–09:30\n2. Mon 23 Nov, 11:00–11:30\nWhich one works for you?")
        let booked = try await OfflineFixtures.model().complete(afterTool(
            "The second one, I'm Alex (alex@example.com)", "delegation_schedule_meeting",
            #"{"start":"2026-11-23T11:00:00+01:00","durationMins":30,"name":"Alex","email":"alex@example.com"}"#, #"{"bookingId":"b_1"}"#,
            extra: OfflineFixtures.delegationPrompt, tools: OfflineFixtures.delegationTools))
        #expect(booked.text == "You're booked for Mon 23 Nov, 11:00–11:30 (Europe/Berlin). A calendar invitation is on its way to alex@example.com.")
    }

    @Test func repliesInTheUsersZoneAcrossTheDSTChange() async throws {
        let call = ToolCall(id: "call_1", name: "calendar_create_solo_event",
                            arguments: #"{"title":"Call with Priya","start":"2026-10-26T09:00:00Z","durationMins":30}"#)
        let request = ChatRequest(messages: [
            .system(OfflineFixtures.systemPrompt(now: "2026-10-23T10:00")), .user("Schedule a call with Priya Monday at 10"),
            .assistant(nil, toolCalls: [call]), .tool(callID: "call_1", content: "created"),
        ], tools: OfflineFixtures.ownerTools)
        let completion = try await OfflineFixtures.model().complete(request)
        #expect(completion.text == "Done — I booked \u{201C}Call with Priya\u{201D} for Mon 26 Oct, 10:00–10:30 (Europe/Berlin).")
    }

    // MARK: Without tools: the system prompt's context

    static let context = """
        Calendar:
        - 2026-11-27T09:00:00+01:00 – 2026-11-27T09:15:00+01:00 Standup
        - 2026-11-27T12:30:00+01:00 – 2026-11-27T13:30:00+01:00 Lunch with Sam
        - 2026-11-28T10:00:00+01:00 – 2026-11-28T11:00:00+01:00 Climbing
        Memory:
        - Prefers morning meetings
        - Wife: Anna
        Inbox:
        - Dana Lee: Contract (signed copy attached)
        """

    @Test(arguments: [
        ("What's on my calendar Friday?", "You have 2 events on Fri 27 Nov (Europe/Berlin):\n- 09:00–09:15 Standup\n- 12:30–13:30 Lunch with Sam"),
        ("What do I have tomorrow?", "Your calendar is clear tomorrow (Sun 22 Nov)."),
        ("What do you know about me?", "Here's what I know about you:\n- Prefers morning meetings\n- Wife: Anna"),
        ("Check my inbox", "Here's what's in your inbox:\n- Dana Lee: Contract (signed copy attached)"),
        ("Remember that I prefer morning meetings", "Got it — I'll remember that you prefer morning meetings."),
        ("Hi", "Hi! I'm Perin. I can schedule meetings, tell you what's on your calendar, check your email and remember things for you. What would you like to do?"),
        ("Thanks!", "You're welcome! Anything else?"),
    ])
    func answersFromContextWithoutTools(user: String, reply: String) async throws {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt(extra: Self.context)), .user(user)])
        let completion = try await OfflineFixtures.model().complete(request)
        #expect(completion.text == reply)
    }

    @Test func aPlaceholderLineMeansAnEmptyCalendar() async throws {
        let prompt = OfflineFixtures.systemPrompt(extra: "Calendar events:\n- (no events)")
        let completion = try await OfflineFixtures.model().complete(ChatRequest(messages: [.system(prompt), .user("What's on my calendar Friday?")]))
        #expect(completion.text == "Your calendar is clear on Fri 27 Nov.")
    }

    @Test func usesTheInjectedClockWithoutACurrentTimeLine() async throws {
        let request = ChatRequest(messages: [.user("Add gym tomorrow at 7am")], tools: OfflineFixtures.ownerTools)
        let call = try #require(try await OfflineFixtures.model(OfflineFixtures.newYork).complete(request).toolCalls.first)
        #expect(OfflineFixtures.arguments(call)["start"] == "2026-11-22T07:00:00-05:00")
    }
}
