import Foundation
import Testing
@testable import LLM

/// One user message, the tools offered, and the one tool call an LLM would make.
struct OfflineToolCase: Sendable, CustomTestStringConvertible {
    let message: String
    let zone: String
    let now: String
    let delegation: Bool
    let tool: String
    let arguments: JSONValue
    var testDescription: String { "\(message) [\(zone)]" }

    init(_ message: String, zone: String = "Europe/Berlin", now: String = "2026-11-21T10:00",
         delegation: Bool = false, _ tool: String, _ arguments: JSONValue) {
        self.message = message
        self.zone = zone
        self.now = now
        self.delegation = delegation
        self.tool = tool
        self.arguments = arguments
    }
}

let offlineToolCases: [OfflineToolCase] = [
    .init("Schedule 30 minutes with Dana tomorrow at 10", "calendar_create_solo_event", [
        "title": "Meeting with Dana", "start": "2026-11-22T10:00:00+01:00", "end": "2026-11-22T10:30:00+01:00",
        "durationMins": 30, "timezone": "Europe/Berlin",
    ]),
    .init("Schedule 30 minutes with Dana tomorrow at 10", zone: "America/New_York", "calendar_create_solo_event", [
        "title": "Meeting with Dana", "start": "2026-11-22T10:00:00-05:00", "end": "2026-11-22T10:30:00-05:00",
        "durationMins": 30, "timezone": "America/New_York",
    ]),
    .init("Add dentist appointment on Friday at 3pm for an hour", "calendar_create_solo_event", [
        "title": "Dentist appointment", "start": "2026-11-27T15:00:00+01:00", "end": "2026-11-27T16:00:00+01:00",
        "durationMins": 60, "timezone": "Europe/Berlin",
    ]),
    .init("Block 2 hours for deep work tomorrow morning", "calendar_create_solo_event", [
        "title": "Deep work", "start": "2026-11-22T09:00:00+01:00", "end": "2026-11-22T11:00:00+01:00",
        "durationMins": 120, "timezone": "Europe/Berlin",
    ]),
    .init("Put \"Quarterly review\" on my calendar Monday 2-3:30pm", "calendar_create_solo_event", [
        "title": "Quarterly review", "start": "2026-11-23T14:00:00+01:00", "end": "2026-11-23T15:30:00+01:00",
        "durationMins": 90, "timezone": "Europe/Berlin",
    ]),
    // The autumn change: Monday is in winter time, Friday was not.
    .init("Schedule a call with Priya Monday at 10", now: "2026-10-23T10:00", "calendar_create_solo_event", [
        "title": "Call with Priya", "start": "2026-10-26T10:00:00+01:00", "end": "2026-10-26T10:30:00+01:00",
        "durationMins": 30, "timezone": "Europe/Berlin",
    ]),
    .init("Book gym Sunday at 9am for 1h", zone: "America/New_York", now: "2026-10-30T10:00", "calendar_create_solo_event", [
        "title": "Gym", "start": "2026-11-01T09:00:00-05:00", "end": "2026-11-01T10:00:00-05:00",
        "durationMins": 60, "timezone": "America/New_York",
    ]),
    .init("Find time with dana@example.com next week for 45 minutes", "network_schedule_meeting", [
        "counterpartEmail": "dana@example.com", "durationMins": 45, "title": "Meeting with dana@example.com",
        "windowStart": "2026-11-23T00:00:00+01:00", "windowEnd": "2026-11-30T00:00:00+01:00",
    ]),
    .init("Set up a call with Sam Lee on Tuesday afternoon", zone: "America/New_York", "network_schedule_meeting", [
        "counterpartName": "Sam Lee", "durationMins": 30, "title": "Call with Sam Lee",
        "windowStart": "2026-11-24T13:00:00-05:00", "windowEnd": "2026-11-24T17:00:00-05:00",
    ]),
    .init("Meet Jordan on the 14th for an hour and a half", "network_schedule_meeting", [
        "counterpartName": "Jordan", "durationMins": 90, "title": "Meeting with Jordan",
        "windowStart": "2026-12-14T09:00:00+01:00", "windowEnd": "2026-12-14T17:00:00+01:00",
    ]),
    .init("What's on my calendar Friday?", "calendar_list_events", [
        "from": "2026-11-27T00:00:00+01:00", "to": "2026-11-28T00:00:00+01:00",
    ]),
    .init("What do I have today?", zone: "America/New_York", "calendar_list_events", [
        "from": "2026-11-21T00:00:00-05:00", "to": "2026-11-22T00:00:00-05:00",
    ]),
    .init("Am I free at 3pm tomorrow?", "calendar_list_events", [
        "from": "2026-11-22T15:00:00+01:00", "to": "2026-11-22T16:00:00+01:00",
    ]),
    .init("Any meetings next week?", now: "2026-10-23T10:00", "calendar_list_events", [
        "from": "2026-10-26T00:00:00+01:00", "to": "2026-11-02T00:00:00+01:00",
    ]),
    .init("Any emails from Dana?", "gmail_search", ["query": "from:Dana"]),
    .init("Do I have unread email about the contract?", "gmail_search", ["query": "is:unread contract"]),
    .init("Check my inbox", "gmail_search", ["query": "in:inbox"]),
    .init("Remember that I prefer morning meetings", "memory_save", [
        "key": "prefer_morning_meetings", "content": "I prefer morning meetings",
    ]),
    .init("Please remember my wife's name is Anna", "memory_save", ["key": "wife_name", "content": "My wife's name is Anna"]),
    .init("Accept the first one", "notifications_resolve", ["notificationId": "n_1", "action": "accept"]),
    .init("Decline the second", "notifications_resolve", ["notificationId": "n_2", "action": "decline"]),
    .init("yes", "notifications_resolve", ["notificationId": "n_1", "action": "accept"]),
    .init("Can I book 30 minutes with her tomorrow afternoon?", delegation: true, "delegation_check_availability", [
        "from": "2026-11-22T13:00:00+01:00", "to": "2026-11-22T17:00:00+01:00", "durationMins": 30,
    ]),
    .init("What times are free on Monday?", zone: "America/New_York", delegation: true, "delegation_check_availability", [
        "from": "2026-11-23T09:00:00-05:00", "to": "2026-11-23T17:00:00-05:00", "durationMins": 30,
    ]),
    .init("Book Monday at 10:30 for 45 minutes, I'm Alex Smith, alex@example.com", delegation: true, "delegation_schedule_meeting", [
        "start": "2026-11-23T10:30:00+01:00", "durationMins": 45, "name": "Alex Smith", "email": "alex@example.com",
    ]),
    .init("Monday at 10 please — I'm Alex, alex@example.com", now: "2026-10-23T10:00", delegation: true, "delegation_schedule_meeting", [
        "start": "2026-10-26T10:00:00+01:00", "durationMins": 30, "name": "Alex", "email": "alex@example.com",
    ]),
]

@Suite struct OfflineChatModelToolCallTests {
    @Test(arguments: offlineToolCases)
    func callsTheRightToolWithSchemaArguments(_ example: OfflineToolCase) async throws {
        let zone = TimeZone(identifier: example.zone)!
        let prompt = example.delegation
            ? OfflineFixtures.systemPrompt(zone, now: example.now, extra: OfflineFixtures.delegationPrompt)
            : OfflineFixtures.systemPrompt(zone, now: example.now, extra: OfflineFixtures.notifications)
        let request = ChatRequest(
            messages: [.system(prompt), .user(example.message)],
            tools: example.delegation ? OfflineFixtures.delegationTools : OfflineFixtures.ownerTools
        )
        // The model's own clock is far away: the prompt's "Current time" line must win.
        let model = OfflineChatModel(defaultTimeZone: TimeZone(identifier: "Asia/Tokyo")!, now: { Date(timeIntervalSince1970: 0) })
        let completion = try await model.complete(request)
        #expect(completion.finishReason == .toolCalls)
        #expect(completion.message.content == nil)
        let call = try #require(completion.toolCalls.first)
        #expect(completion.toolCalls.count == 1)
        #expect(call.name == example.tool)
        #expect(OfflineFixtures.arguments(call) == example.arguments, "\(call.arguments)")
        #expect(call.id.hasPrefix("call_"))
    }

    @Test func onlyOfferedToolsAreCalled() async throws {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("Any emails from Dana?")],
                                  tools: OfflineFixtures.ownerTools.filter { $0.name != "gmail_search" })
        let completion = try await OfflineFixtures.model().complete(request)
        #expect(completion.toolCalls.isEmpty)
        #expect(completion.finishReason == .stop)
        #expect(completion.text == "I don't have your email in front of me right now. Connect Gmail and ask again.")
    }

    @Test func toolChoiceNoneForbidsTools() async throws {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("What's on my calendar Friday?")],
                                  tools: OfflineFixtures.ownerTools, toolChoice: ToolChoice.none)
        let completion = try await OfflineFixtures.model().complete(request)
        #expect(completion.toolCalls.isEmpty)
        #expect(completion.text == "I can't see your calendar right now, so I can't say what you have on Fri 27 Nov.")
    }

    @Test func argumentNamesFollowTheOfferedSchema() async throws {
        let custom = OfflineFixtures.tool("calendar_create_solo_event", [
            "summary": OfflineFixtures.string, "startTime": OfflineFixtures.string,
            "duration_minutes": OfflineFixtures.integer, "timeZone": OfflineFixtures.string,
        ])
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("Add yoga tomorrow at 7:30am for 45 min")],
                                  tools: [custom])
        let call = try #require(try await OfflineFixtures.model().complete(request).toolCalls.first)
        #expect(OfflineFixtures.arguments(call) == [
            "summary": "Yoga", "startTime": "2026-11-22T07:30:00+01:00", "duration_minutes": 45, "timeZone": "Europe/Berlin",
        ])
    }

    @Test func aMissingTimeIsAskedFor() async throws {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("Schedule a dentist appointment")],
                                  tools: OfflineFixtures.ownerTools)
        let completion = try await OfflineFixtures.model().complete(request)
        #expect(completion.toolCalls.isEmpty)
        #expect(completion.text == "Sure — when should I schedule \u{201C}Dentist appointment\u{201D}? For example \"tomorrow at 10\" or \"Friday 14:30\".")
    }

    @Test func callIDsAreStableForARequestAndDifferAcrossRounds() async throws {
        let model = OfflineFixtures.model()
        let first = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("What do I have today?")], tools: OfflineFixtures.ownerTools)
        let a = try await model.complete(first).toolCalls[0].id
        let b = try await model.complete(first).toolCalls[0].id
        #expect(a == b)
        var later = first
        later.messages += [.assistant("Nothing today."), .user("What do I have today?")]
        #expect(try await model.complete(later).toolCalls[0].id != a)
    }

    @Test func theVisitorPicksAListedSlotByPosition() async throws {
        let slots = #"{"slots":[{"start":"2026-11-23T09:00:00+01:00","end":"2026-11-23T09:30:00+01:00"},{"start":"2026-11-23T11:00:00+01:00","end":"2026-11-23T11:30:00+01:00"}]}"#
        let check = ToolCall(id: "call_a", name: "delegation_check_availability",
                             arguments: #"{"from":"2026-11-23T09:00:00+01:00","to":"2026-11-23T17:00:00+01:00","durationMins":30}"#)
        let request = ChatRequest(messages: [
            .system(OfflineFixtures.systemPrompt(extra: OfflineFixtures.delegationPrompt)),
            .user("What times are free on Monday?"),
            .assistant(nil, toolCalls: [check]),
            .tool(callID: "call_a", content: slots),
            .assistant("Here are the free times…"),
            .user("The second one please"),
            .assistant("What name and email should I put on the booking?"),
            .user("Alex Smith, alex.smith@example.com — I'm Alex Smith"),
        ], tools: OfflineFixtures.delegationTools)
        let call = try #require(try await OfflineFixtures.model().complete(request).toolCalls.first)
        #expect(call.name == "delegation_schedule_meeting")
        #expect(OfflineFixtures.arguments(call) == [
            "start": "2026-11-23T11:00:00+01:00", "durationMins": 30, "name": "Alex Smith", "email": "alex.smith@example.com",
        ])
    }

    @Test func aVisitorWithoutAnEmailIsAskedForOne() async throws {
        let request = ChatRequest(messages: [
            .system(OfflineFixtures.systemPrompt(extra: OfflineFixtures.delegationPrompt)),
            .user("Can we do tomorrow at 10?"),
        ], tools: OfflineFixtures.delegationTools)
        let completion = try await OfflineFixtures.model().complete(request)
        #expect(completion.toolCalls.isEmpty)
        #expect(completion.text == "tomorrow, Sun 22 Nov, 10:00–10:30 works. What name and email should I put on the booking?")
    }

    @Test func confirmingANegotiatedProposalUsesItsIDs() async throws {
        let schedule = ToolCall(id: "call_n", name: "network_schedule_meeting", arguments: #"{"counterpartName":"Dana","durationMins":30}"#)
        let result = #"{"sessionId":"s_9","proposals":[{"proposalId":"p_1","start":"2026-11-24T10:00:00+01:00"},{"proposalId":"p_2","start":"2026-11-24T15:00:00+01:00"}]}"#
        let request = ChatRequest(messages: [
            .system(OfflineFixtures.systemPrompt()), .user("Find time with Dana on Tuesday"),
            .assistant(nil, toolCalls: [schedule]), .tool(callID: "call_n", content: result),
            .assistant("Dana's agent can do…"), .user("Confirm the second one"),
        ], tools: OfflineFixtures.ownerTools)
        let call = try #require(try await OfflineFixtures.model().complete(request).toolCalls.first)
        #expect(call.name == "network_confirm_meeting")
        #expect(OfflineFixtures.arguments(call) == ["sessionId": "s_9", "proposalId": "p_2"])
    }

    @Test func aRememberedPreferenceNarrowsTheWindow() async throws {
        let prompt = OfflineFixtures.systemPrompt(extra: "Memory:\n- I prefer morning meetings")
        let request = ChatRequest(messages: [.system(prompt), .user("Find time with Dana on Tuesday")], tools: OfflineFixtures.ownerTools)
        let call = try #require(try await OfflineFixtures.model().complete(request).toolCalls.first)
        #expect(OfflineFixtures.arguments(call) == [
            "counterpartName": "Dana", "durationMins": 30, "title": "Meeting with Dana",
            "windowStart": "2026-11-24T09:00:00+01:00", "windowEnd": "2026-11-24T12:00:00+01:00",
        ])
    }

    @Test func anIndexOnlySchemaGetsAnIndex() async throws {
        let indexOnly = OfflineFixtures.tool("notifications_resolve", [
            "index": ["type": "integer", "description": "0-based position in the list"],
            "action": ["type": "string", "enum": ["approve", "reject"]],
        ])
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("reject the second one")], tools: [indexOnly])
        let call = try #require(try await OfflineFixtures.model().complete(request).toolCalls.first)
        #expect(OfflineFixtures.arguments(call) == ["index": 1, "action": "reject"])
    }
}
