import AsyncHTTPClient
import Foundation
import NIOCore
import PerinTesting
import Storage
import Testing

/// `/api/notifications` and its SSE stream: a new notification arrives within a second (across
/// two server processes: `TwoProcessTests`).
@Suite("Notifications API and stream")
struct NotificationStreamTests {
    /// Opens the stream, runs `trigger`, and returns the first `event: notification` frame.
    static func firstEvent(_ server: DelegationHarness, token: String, trigger: @escaping @Sendable () async throws -> Void) async throws -> (frame: String, seconds: Double) {
        var request = HTTPClientRequest(url: server.baseURL + "/api/notifications/stream")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
        var buffer = ""
        var started: ContinuousClock.Instant?
        for try await chunk in response.body {
            buffer += String(buffer: chunk)
            if started == nil, buffer.contains(": connected") {
                // Give the hub's listener a moment to attach before the insert.
                try await Task.sleep(for: .milliseconds(300))
                started = .now
                try await trigger()
            }
            if let range = buffer.range(of: "event: notification\n") {
                let frame = String(buffer[range.lowerBound...])
                if frame.contains("\n\n") {
                    let elapsed = ContinuousClock.now - started!
                    return (frame, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                }
            }
        }
        throw HarnessError("stream ended without a notification: \(buffer)")
    }

    @Test("list, read, resolve, and a live stream that delivers within a second", arguments: TestDatabases.kinds)
    func stream(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let (other, otherAPI) = try await server.makeOwner("other@example.com")
            let repository = NotificationRepository(database: server.database)
            let (frame, seconds) = try await Self.firstEvent(server, token: api) {
                _ = try await repository.create(userID: other.id, .init(kind: "test", title: "not yours", body: "x"))
                _ = try await repository.create(userID: owner.id, .init(kind: "meeting.proposal", title: "Dana proposes Tuesday", body: "b", actionRef: #"{"session":"s1"}"#))
            }
            #expect(seconds < 1.0)
            #expect(frame.contains("Dana proposes Tuesday"))
            #expect(!frame.contains("not yours"))

            let listed = try await server.request(.GET, "/api/notifications?unresolved=true", token: api)
            let items = try #require(listed.json["notifications"] as? [[String: Any]])
            #expect(items.map { $0["title"] as? String } == ["Dana proposes Tuesday"])
            let id = try #require(items.first?["id"] as? String)
            #expect(try await server.request(.POST, "/api/notifications/\(id)/read", token: otherAPI).status == 404)
            let read = try await server.request(.POST, "/api/notifications/\(id)/read", token: api)
            #expect(read.json["read"] as? Bool == true)
            #expect(try await server.request(.POST, "/api/notifications/\(id)/resolve", token: api, json: #"{"resolution":""}"#).status == 400)
            let resolved = try await server.request(.POST, "/api/notifications/\(id)/resolve", token: api, json: #"{"resolution":"accepted"}"#)
            #expect(resolved.json["resolution"] as? String == "accepted")
            #expect((try await server.request(.GET, "/api/notifications?unresolved=true", token: api).json["notifications"] as? [Any])?.count == 0)
            #expect(try await server.request(.GET, "/api/notifications/stream").status == 401)
        }
    }
}
