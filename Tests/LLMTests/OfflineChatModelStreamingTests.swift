import Foundation
import Testing
@testable import LLM

@Suite struct OfflineChatModelStreamingTests {
    func collect(_ stream: ChatStream) async throws -> [ChatDelta] {
        var deltas: [ChatDelta] = []
        for try await delta in stream { deltas.append(delta) }
        return deltas
    }

    @Test func repliesStreamWordByWord() async throws {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("Thanks!")])
        let deltas = try await collect(OfflineFixtures.model().stream(request))
        let texts = deltas.compactMap { delta -> String? in if case .text(let piece) = delta { piece } else { nil } }
        #expect(texts == ["You're ", "welcome! ", "Anything ", "else?"])
        #expect(deltas.dropLast().last == .finish(.stop))
        guard case .usage(let usage) = deltas.last else { Issue.record("no usage"); return }
        #expect(usage.completionTokens == 8)
        #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)
    }

    @Test func streamedToolCallsReassembleToTheCompletedOnes() async throws {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("Schedule 30 minutes with Dana tomorrow at 10")],
                                  tools: OfflineFixtures.ownerTools)
        let model = OfflineFixtures.model()
        let deltas = try await collect(model.stream(request))
        let fragments = deltas.filter { if case .toolCallFragment = $0 { true } else { false } }
        #expect(fragments.count > 3)
        var accumulator = ChatCompletionAccumulator()
        deltas.forEach { accumulator.add($0) }
        let streamed = accumulator.completion()
        let completed = try await model.complete(request)
        #expect(streamed.toolCalls == completed.toolCalls)
        #expect(streamed.finishReason == .toolCalls)
        #expect(streamed.message.content == nil)
    }

    @Test func aStreamedReplyEqualsTheCompletedOne() async throws {
        let call = ToolCall(id: "call_1", name: "calendar_list_events", arguments: #"{"from":"2026-11-27T00:00:00+01:00","to":"2026-11-28T00:00:00+01:00"}"#)
        let request = ChatRequest(messages: [
            .system(OfflineFixtures.systemPrompt()), .user("What's on Friday?"),
            .assistant(nil, toolCalls: [call]),
            .tool(callID: "call_1", content: #"[{"summary":"Standup","start":"2026-11-27T09:00:00+01:00","end":"2026-11-27T09:15:00+01:00"}]"#),
        ], tools: OfflineFixtures.ownerTools)
        let model = OfflineFixtures.model()
        let deltas = try await collect(model.stream(request))
        var accumulator = ChatCompletionAccumulator()
        deltas.forEach { accumulator.add($0) }
        let completed = try await model.complete(request)
        #expect(accumulator.completion().text == completed.text)
        #expect(completed.text == "You have 1 event on Fri 27 Nov (Europe/Berlin):\n- 09:00–09:15 Standup")
        #expect(deltas.count > 10)
    }

    @Test func cancellingTheConsumerEndsTheStream() async throws {
        let request = ChatRequest(messages: [.user("Tell me a joke")])
        let stream = OfflineFixtures.model().stream(request)
        var received = 0
        for try await _ in stream {
            received += 1
            if received == 2 { break }
        }
        #expect(received == 2)
    }

    @Test func classificationJSONForTheClassifyEndpoint() {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt(OfflineFixtures.newYork)), .user("Lunch with Sam tomorrow 12-1pm")])
        #expect(OfflineFixtures.model().classificationJSON(request) == [
            "intent": "schedule", "confidence": 0.6,
            "entities": [
                "people": ["Sam"], "emails": [], "topic": "Lunch",
                "date": ["start": "2026-11-22T12:00:00-05:00", "end": "2026-11-22T13:00:00-05:00", "precision": "minute"],
            ],
        ])
    }

    @Test func yesToAProposalConfirmsIt() async throws {
        let schedule = ToolCall(id: "call_n", name: "network_schedule_meeting", arguments: #"{"counterpartName":"Dana","durationMins":30}"#)
        let result = #"{"sessionId":"s_9","proposals":[{"proposalId":"p_1","start":"2026-11-24T10:00:00+01:00"}]}"#
        var request = ChatRequest(messages: [
            .system(OfflineFixtures.systemPrompt()), .user("Find time with Dana on Tuesday"),
            .assistant(nil, toolCalls: [schedule]), .tool(callID: "call_n", content: result),
        ], tools: OfflineFixtures.ownerTools.filter { $0.name != "notifications_resolve" })
        let model = OfflineFixtures.model()
        let question = try await model.complete(request).text
        #expect(question == "Dana's agent can do (Europe/Berlin):\n1. Tue 24 Nov, 10:00\nShall I confirm the first one?")
        request.messages += [.assistant(question), .user("yes")]
        let call = try #require(try await model.complete(request).toolCalls.first)
        #expect(call.name == "network_confirm_meeting")
        #expect(OfflineFixtures.arguments(call) == ["sessionId": "s_9", "proposalId": "p_1"])
    }

    @Test func classifyReportsIntentAndEntities() {
        let request = ChatRequest(messages: [.system(OfflineFixtures.systemPrompt()), .user("Book 45 minutes with Sam Lee on Friday at 2pm")])
        let (intent, entities) = OfflineFixtures.model().classify(request)
        #expect(intent.intent == .schedule)
        #expect(entities.durationMinutes == 45)
        #expect(entities.people == ["Sam Lee"])
        #expect(entities.date?.start == OfflineFixtures.local("2026-11-27T14:00", OfflineFixtures.berlin))
    }
}
