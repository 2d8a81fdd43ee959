import Assistant
import Foundation
import LLM
import PerinTesting
import Storage
import Testing

/// The web chat page in headless Chromium (Debian's `chromium`, installed by `make test`):
/// log in, send a message, see the reply stream in and the step progress.
@Suite("Web chat page in a browser")
struct BrowserChatTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/chat_flow.py").path
    static var hasChromium: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("log in, send a message, see streamed text and progress", .enabled(if: hasChromium, "chromium is not installed (make test installs it)"))
    func chatInBrowser() async throws {
        // Each word 40 ms apart so the page is seen mid-stream.
        let model = PacedModel(base: OfflineChatModel(), pause: .milliseconds(40))
        try await ChatHarness.withServer(.sqlite, model: model) { harness in
            let (user, _) = try await harness.makeUser("browser@example.com", password: "correct horse battery")
            let port = try #require(harness.client.port)
            let output = try await Self.run(["python3", Self.script, "http://127.0.0.1:\(port)", "browser@example.com",
                                             "correct horse battery", "Schedule 30 minutes with Dana tomorrow at 10"])
            let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "output: \(output)")
            #expect(result["loggedIn"] as? Bool == true)
            let reply = result["reply"] as? String ?? ""
            #expect(reply.contains("Meeting with Dana"))
            #expect(reply.contains("10:00–10:30"))
            #expect(!reply.contains("[["))
            #expect(result["sawPartial"] as? Bool == true)
            let progress = result["progress"] as? [String] ?? []
            #expect(progress.contains("Thinking"))
            #expect(progress.contains("Running calendar_create_solo_event"))
            let start = TestClock.tomorrow(hour: 10)
            #expect(try await harness.calendar.events(userID: user.id, from: start, to: start.addingTimeInterval(60)).count == 1)
        }
    }

    static func run(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = await Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Slows a model's text deltas down to a human pace.
struct PacedModel: ChatModel {
    let base: any ChatModel
    let pause: Duration

    func complete(_ request: ChatRequest) async throws -> ChatCompletion { try await base.complete(request) }

    func stream(_ request: ChatRequest) -> ChatStream {
        let (base, pause) = (base, pause)
        return ChatStream { continuation in
            let task = Task {
                do {
                    for try await delta in base.stream(request) {
                        if case .text = delta { try await Task.sleep(for: pause) }
                        continuation.yield(delta)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
