import Synchronization
import LLM
import PerinTesting

/// Runs `body` with a fresh fake server and a real client pointed at it, then tears both down.
func withFakeServer<T>(
    timeouts: OpenAIConfiguration.Timeouts = .init(connect: .seconds(2), firstByte: .seconds(5), idle: .seconds(5), total: .seconds(20)),
    _ body: (FakeOpenAIServer, OpenAIChatModel) async throws -> T
) async throws -> T {
    let server = try await FakeOpenAIServer.start()
    let model = OpenAIChatModel(configuration: OpenAIConfiguration(
        baseURL: server.baseURL, apiKey: "sk-test-secret", model: "fake-model", timeouts: timeouts
    ))
    do {
        let value = try await body(server, model)
        try await model.shutdown()
        await server.stop()
        return value
    } catch {
        try? await model.shutdown()
        await server.stop()
        throw error
    }
}

/// Collects a stream; returns the deltas seen and the error it ended with, if any.
func drain(_ stream: ChatStream) async -> (deltas: [ChatDelta], error: (any Error)?) {
    var deltas: [ChatDelta] = []
    do {
        for try await delta in stream { deltas.append(delta) }
        return (deltas, nil)
    } catch {
        return (deltas, error)
    }
}

func text(of deltas: [ChatDelta]) -> String {
    deltas.map { if case .text(let piece) = $0 { piece } else { "" } }.joined()
}

/// Records the waits a retry loop asks for and returns at once.
final class SleepRecorder: Sendable {
    private let recorded = Mutex<[Duration]>([])
    var sleeps: [Duration] { recorded.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void {
        { delay in self.recorded.withLock { $0.append(delay) } }
    }
}

let userAsk = ChatRequest(messages: [.system("Be brief."), .user("Say hello")])
