import Assistant
import Foundation
import LLM
import Synchronization

/// Wraps a model and records whether a consumer stopped its stream before the end
/// (the run was cancelled), and when.
final class CancellationProbe: ChatModel {
    let base: any ChatModel
    private let state = Mutex<(cancelled: Int, finished: Int, at: ContinuousClock.Instant?)>((0, 0, nil))

    init(_ base: any ChatModel) { self.base = base }

    func complete(_ request: ChatRequest) async throws -> ChatCompletion { try await base.complete(request) }

    func stream(_ request: ChatRequest) -> ChatStream {
        let (stream, continuation) = ChatStream.makeStream()
        let task = Task {
            do {
                for try await delta in base.stream(request) { continuation.yield(delta) }
                self.state.withLock { $0.finished += 1 }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { [self] termination in
            if case .cancelled = termination { self.state.withLock { $0.cancelled += 1; $0.at = .now } }
            task.cancel()
        }
        return stream
    }

    var cancelled: Int { state.withLock { $0.cancelled } }
    var cancelledAt: ContinuousClock.Instant? { state.withLock { $0.at } }
}

/// A model that streams `count` tokens, one per `interval`.
struct SlowModel: ChatModel {
    var count = 100
    var interval: Duration = .milliseconds(100)

    func complete(_ request: ChatRequest) async throws -> ChatCompletion { try await completeByStreaming(request) }

    func stream(_ request: ChatRequest) -> ChatStream {
        let (count, interval) = (count, interval)
        return ChatStream { continuation in
            let task = Task {
                for index in 0..<count {
                    do { try await Task.sleep(for: interval) } catch { continuation.finish(throwing: error); return }
                    continuation.yield(.text("t\(index) "))
                }
                continuation.yield(.finish(.stop))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// A context source that fails, or hangs past the deadline.
struct BrokenSource: ContextSource {
    var type = "flaky-mail"
    var displayName = "your mail"
    var keywords = ["calendar", "mail"]
    var hang = false

    struct Boom: Error {}

    func loadContext(for turn: TurnInput) async throws -> ContextSection {
        if hang { try await Task.sleep(for: .seconds(30)) }
        throw Boom()
    }
}
