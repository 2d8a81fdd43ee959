@testable import Assistant
import Foundation
import LLM
import PerinTesting
import Storage
import Testing

/// Multi-step pause and resume through graph interrupts: a required step fails, the plan
/// pauses (checkpointed), the owner's next message in the conversation answers, and the run
/// continues from where it stopped without running finished work again.
@Suite("Multi-step plans pause and resume", .serialized)
struct PlanPauseTests {
    static func conversationID(_ text: String) throws -> String {
        let marker = try #require(text.range(of: "[[PERIN_ACTION:conversation:"))
        return String(text[marker.upperBound...].prefix { $0 != "]" })
    }

    @Test("a failed required step pauses; 'skip it' resumes with the next step", arguments: TestDatabases.kinds)
    func skipResumes(kind: DatabaseKind) async throws {
        try await FakeOpenAIChatTests.withFake { fake in
            let breakers = CircuitBreakerRegistry()
            try await ChatHarness.withServer(kind, model: FakeOpenAIChatTests.model(fake, breakers: breakers), breakers: breakers) { harness in
                let (_, token) = try await harness.makeUser("pause@example.com")
                // Step 1 (required): the model sends an argument the schema refuses, then gives up.
                fake.enqueue(
                    .toolCalls([FakeToolCall(id: "c1", name: "calendar_create_solo_event", arguments: #"{"title":"Dentist","start":"soon"}"#)]),
                    .text("I could not book the dentist."))
                let first = try await harness.chat("Book the dentist Friday at 9, then remember that I like the window seat", token: token)
                let id = try Self.conversationID(first.text)
                #expect(first.text.contains("[[PERIN_STEP_RESULT:s1:failed:"), "\(first.text)")
                #expect(first.text.contains("[[PERIN_MULTI_STEP:paused:s1]]"))
                #expect(first.replyText.contains("Shall I retry it, skip it, or stop here?"))
                #expect(!first.text.contains("[[PERIN_STEP:start:s2"))
                #expect(!first.text.contains("[[PERIN_MULTI_STEP:complete]]"))
                let paused = try await harness.runtime.chat.pausedPlan(conversationID: id)
                #expect(paused?.stepID == "s1")

                // The answer resumes the paused run: step 2 runs, step 1 does not run again.
                fake.enqueue(
                    .toolCalls([FakeToolCall(id: "c2", name: "memory_save", arguments: #"{"key":"seat","content":"I like the window seat"}"#)]),
                    .text("Saved your seat preference."))
                let second = try await harness.chat("skip it", token: token, conversationID: id)
                #expect(second.text.contains("[[PERIN_MULTI_STEP:resumed:s1:skip]]"), "\(second.text)")
                #expect(second.text.contains("[[PERIN_STEP_RESULT:s1:skipped:skipped at your request]]"))
                #expect(second.text.contains("[[PERIN_STEP_RESULT:s2:completed:Saved your seat preference.]]"))
                #expect(second.text.contains("[[PERIN_MULTI_STEP:complete]]"))
                #expect(fake.requests.count == 4, "two model calls per turn: the resumed run did not redo step 1")
                let memory = try await harness.request(.get, "/api/ai/memory", token: token)
                #expect((memory.json["memories"] as? [[String: Any]])?.first?["content"] as? String == "I like the window seat")
                #expect(try await harness.runtime.chat.pausedPlan(conversationID: id) == nil, "nothing left to resume")

                // The conversation keeps both turns' replies: the question, then the summary.
                let messages = try await harness.request(.get, "/api/conversations/\(id)/messages", token: token)
                let replies = (messages.json["messages"] as? [[String: Any]])?.filter { $0["role"] as? String == "assistant" }.compactMap { $0["content"] as? String }
                #expect(replies?.first?.contains("retry it, skip it, or stop") == true)
                #expect(replies?.last?.contains("Saved your seat preference.") == true)
            }
        }
    }

    @Test("'stop' ends a paused plan and skips the rest; another conversation is not affected")
    func stopEnds() async throws {
        try await FakeOpenAIChatTests.withFake { fake in
            let breakers = CircuitBreakerRegistry()
            try await ChatHarness.withServer(.sqlite, model: FakeOpenAIChatTests.model(fake, breakers: breakers), breakers: breakers) { harness in
                let (_, token) = try await harness.makeUser("stop@example.com")
                fake.enqueue(
                    .toolCalls([FakeToolCall(id: "c1", name: "calendar_create_solo_event", arguments: #"{"title":"Dentist","start":"soon"}"#)]),
                    .text("No luck."))
                let first = try await harness.chat("Book the dentist Friday at 9, then remember that I like the window seat", token: token)
                let id = try Self.conversationID(first.text)
                #expect(first.text.contains("[[PERIN_MULTI_STEP:paused:s1]]"))
                // A new conversation is a fresh turn, not an answer to the paused plan.
                fake.enqueue(.text("Hello!"))
                let other = try await harness.chat("hello there", token: token)
                #expect(!other.text.contains("PERIN_MULTI_STEP:resumed"))
                #expect(try await harness.runtime.chat.pausedPlan(conversationID: id)?.stepID == "s1")

                let stopped = try await harness.chat("no, stop", token: token, conversationID: id)
                #expect(stopped.text.contains("[[PERIN_MULTI_STEP:resumed:s1:stop]]"), "\(stopped.text)")
                #expect(stopped.text.contains("[[PERIN_STEP_RESULT:s2:skipped:stopped at your request]]"))
                #expect(stopped.text.contains("[[PERIN_MULTI_STEP:complete]]"))
                #expect(fake.requests.count == 3, "stopping runs no model call")
                #expect(try await harness.runtime.chat.pausedPlan(conversationID: id) == nil)
            }
        }
    }

    @Test("the owner's words map to retry, skip or stop; unclear answers stop")
    func decisions() {
        let cases: [(String, String)] = [("retry", "retry"), ("try again please", "retry"), ("skip it", "skip"), ("continue", "skip"),
                                         ("stop", "stop"), ("no", "stop"), ("hmm", "stop")]
        for (answer, expected) in cases { #expect(OrchestratorNode.decide(answer).rawValue == expected, "\(answer)") }
    }
}
