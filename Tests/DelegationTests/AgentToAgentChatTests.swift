import AsyncHTTPClient
import Foundation
import NIOCore
import PerinTesting
import Storage
import Synchronization
import Testing

/// Issue 9 end to end: two owners chat with their agents (offline model, real HTTP). A asks
/// for 30 minutes with B next week → a session with proposals → B's notification stream gets
/// it → B accepts the first one → the same instant is on both local calendars, in each
/// owner's zone.
@Suite("Agent-to-agent scheduling through the chat")
struct AgentToAgentChatTests {
    func chat(_ server: DelegationHarness, _ token: String, _ text: String) async throws -> DelegationChatTests.Stream {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["messages": [["role": "user", "content": text]]]), as: UTF8.self)
        let reply = try await server.request(.POST, "/api/ai/chat", token: token, json: body, headers: ["Accept": "text/event-stream"])
        #expect(reply.status == 200, "\(reply.body)")
        return DelegationChatTests.Stream(raw: reply.body)
    }

    /// The owner's local calendar events over the next weeks, through the API.
    func events(_ server: DelegationHarness, _ token: String) async throws -> [[String: Any]] {
        let from = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400))
        let to = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
        let reply = try await server.request(.GET, "/api/calendar/events?from=\(from)&to=\(to)", token: token)
        #expect(reply.status == 200, "\(reply.body)")
        return reply.json["events"] as? [[String: Any]] ?? []
    }

    @Test("A asks for time with B, B accepts the first proposal by chat: both calendars have it", arguments: TestDatabases.kinds)
    func endToEnd(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind, assistant: true) { server in
            let (_, aToken, _, bToken, _) = try await NetworkSchedulingTests.connect(server)

            // B listens before A asks; the proposal must reach B's stream.
            let heard = Mutex("")
            let listener = Task {
                var request = HTTPClientRequest(url: server.baseURL + "/api/notifications/stream")
                request.headers.add(name: "Authorization", value: "Bearer \(bToken)")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                // Leaving the loop drops the stream, so the server is not held open at shutdown.
                for try await chunk in response.body where heard.withLock({ $0 += String(buffer: chunk); return !$0.contains("event: notification") }) == false {
                    break
                }
            }
            defer { listener.cancel() }
            for _ in 0..<50 where !heard.withLock({ $0.contains(": connected") }) { try await Task.sleep(for: .milliseconds(100)) }
            try await Task.sleep(for: .milliseconds(300))

            let first = try await chat(server, aToken, "Find 30 minutes with b@example.com next week")
            let started = first.toolResults("network_schedule_meeting")
            #expect(started.first?["ok"] as? Bool == true, "\(first.raw)")
            #expect((started.first?["content"] as? String ?? "").contains("proposalId"))
            for _ in 0..<50 where !heard.withLock({ $0.contains("event: notification") }) { try await Task.sleep(for: .milliseconds(100)) }
            let frame = heard.withLock { $0 }
            #expect(frame.contains("event: notification") && frame.contains("proposes"), "\(frame)")

            let answer = try await chat(server, bToken, "accept the first one")
            let resolved = answer.toolResults("notifications_resolve") + answer.toolResults("network_confirm_meeting")
            #expect(resolved.first?["ok"] as? Bool == true, "\(answer.raw)")

            let aEvents = try await events(server, aToken), bEvents = try await events(server, bToken)
            #expect(aEvents.count == 1 && bEvents.count == 1, "A: \(aEvents) B: \(bEvents)")
            let aEvent = try #require(aEvents.first), bEvent = try #require(bEvents.first)
            let parse = { (value: Any?) in (value as? String).flatMap { ISO8601DateFormatter().date(from: $0) } }
            #expect(parse(aEvent["start"]) != nil && parse(aEvent["start"]) == parse(bEvent["start"]))
            #expect(parse(aEvent["end"]) == parse(bEvent["end"]))
            #expect(aEvent["timeZone"] as? String == "Europe/Berlin")
            #expect(bEvent["timeZone"] as? String == "America/New_York")

            // B's proposal notification is answered.
            let open = try await server.request(.GET, "/api/notifications?unresolved=true", token: bToken)
            let items = open.json["notifications"] as? [[String: Any]] ?? []
            #expect(!items.contains { ($0["title"] as? String ?? "").contains("proposes") })
        }
    }

    @Test("B declines by chat: the session closes with a cancel entry, A is told, no calendar changes", arguments: TestDatabases.kinds)
    func decline(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind, assistant: true) { server in
            let (a, aToken, _, bToken, _) = try await NetworkSchedulingTests.connect(server)
            let first = try await chat(server, aToken, "Find 30 minutes with b@example.com next week")
            #expect(first.toolResults("network_schedule_meeting").first?["ok"] as? Bool == true, "\(first.raw)")
            let sessions = try await server.request(.GET, "/api/network/sessions", token: bToken)
            let sessionID = try #require((sessions.json["sessions"] as? [[String: Any]])?.first?["id"] as? String)

            let answer = try await chat(server, bToken, "decline it")
            let resolved = answer.toolResults("notifications_resolve")
            #expect(resolved.first?["ok"] as? Bool == true, "\(answer.raw)")

            let session = try await server.request(.GET, "/api/network/sessions/\(sessionID)", token: aToken)
            #expect(session.json["status"] as? String == "cancelled")
            let kinds = (session.json["transcript"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["proposal", "cancel"])
            let told = try await NotificationRepository(database: server.database).list(userID: a.id)
            #expect(told.contains { $0.kind == "network.cancelled" && $0.title.contains("Declined") })
            #expect(try await events(server, aToken).isEmpty)
            #expect(try await events(server, bToken).isEmpty)
            // A confirm after the decline is refused.
            let late = try await server.request(.POST, "/api/network/sessions/\(sessionID)/confirm", token: bToken, json: #"{"proposal":0}"#)
            #expect(late.status == 409)
        }
    }
}
