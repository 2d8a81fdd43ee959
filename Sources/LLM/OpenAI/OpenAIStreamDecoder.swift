#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns the server-sent events of a streamed `/chat/completions` answer into `ChatDelta`s.
/// Pure state machine: the client feeds events and, at end of body, calls `finish()`, which
/// throws when the stream was cut before `[DONE]`.
struct OpenAIStreamDecoder {
    private(set) var sawDone = false
    private(set) var model: String?
    private let decoder = JSONDecoder()
    private let service: String

    init(service: String) {
        self.service = service
    }

    /// The deltas carried by one event, in order.
    mutating func decode(_ event: ServerSentEvent, into deltas: inout [ChatDelta]) throws {
        if sawDone { return }  // anything after [DONE] is ignored
        let data = event.data
        if data == "[DONE]" {
            sawDone = true
            return
        }
        if event.type == "error" {
            throw streamError(from: data)
        }
        let chunk: OpenAIWire.Chunk
        do {
            chunk = try decoder.decode(OpenAIWire.Chunk.self, from: Data(data.utf8))
        } catch {
            throw ServiceError(.invalidResponse, "malformed stream chunk (\(data.utf8.count) bytes)", service: service)
        }
        if let failure = chunk.error {
            throw ServiceError(
                failure.code == "context_length_exceeded" ? .contextTooLarge : .server,
                String((failure.message ?? "error inside the stream").prefix(300)),
                service: service
            )
        }
        if model == nil { model = chunk.model }
        // `choices` is empty on the final usage chunk; only the first choice is used (n = 1).
        if let choice = chunk.choices?.first {
            if let content = choice.delta?.content, !content.isEmpty {
                deltas.append(.text(content))
            }
            for (position, fragment) in (choice.delta?.toolCalls ?? []).enumerated() {
                deltas.append(.toolCallFragment(
                    index: fragment.index ?? position,
                    id: fragment.id,
                    name: fragment.function?.name,
                    argumentsFragment: fragment.function?.arguments ?? ""
                ))
            }
            if let reason = choice.finishReason, !reason.isEmpty {
                deltas.append(.finish(FinishReason(wireValue: reason)))
            }
        }
        if let usage = chunk.usage {
            deltas.append(.usage(usage.usage))
        }
    }

    /// Called at end of body: a stream without `[DONE]` was cut, whatever came before.
    func finish() throws {
        guard sawDone else {
            throw ServiceError(.network, "stream ended without [DONE]", service: service)
        }
    }

    private func streamError(from data: String) -> ServiceError {
        let detail = try? decoder.decode(OpenAIWire.ErrorBody.self, from: Data(data.utf8)).error
        let message = detail?.message.map { String($0.prefix(300)) } ?? "error event in stream"
        return ServiceError(.server, message, service: service)
    }
}
