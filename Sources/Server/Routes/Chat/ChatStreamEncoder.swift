import Assistant
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Turns assistant events into response bytes: plain text with control tokens (the
/// default), or Server-Sent Events with one typed event per fact.
enum ChatStreamEncoder: Sendable {
    case text
    case sse

    /// SSE when the client asks for `text/event-stream`, else text with control tokens.
    init(accepting request: Request) {
        self = request.headers[.accept]?.contains("text/event-stream") == true ? .sse : .text
    }

    /// Headers of a streamed reply: its type, never cached, never buffered by a proxy.
    var headers: HTTPFields {
        [.contentType: contentType, .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"]
    }

    /// Sent before anything else so headers and the first bytes leave at once.
    var opening: ByteBuffer {
        switch self {
        case .text: ByteBuffer(string: ControlToken.render(.progress("Thinking")) ?? "")
        case .sse: ByteBuffer(string: ": perin\n\n" + Self.frame("step", ["type": "progress", "message": "Thinking"]))
        }
    }

    var contentType: String {
        switch self {
        case .text: "text/plain; charset=utf-8"
        case .sse: "text/event-stream; charset=utf-8"
        }
    }

    func encode(_ event: AssistantEvent) -> ByteBuffer? {
        switch self {
        case .text:
            guard let text = ControlToken.render(event), !text.isEmpty else { return nil }
            return ByteBuffer(string: text)
        case .sse:
            return ByteBuffer(string: Self.sse(event))
        }
    }

    static func sse(_ event: AssistantEvent) -> String {
        switch event {
        case .token(let text): frame("token", ["text": text])
        case .stepStarted(let id, let name): frame("step", ["type": "start", "id": id, "name": name])
        case .progress(let message): frame("step", ["type": "progress", "message": message])
        case .stepResult(let id, let status, let result): frame("step", ["type": "result", "id": id, "status": status, "result": result])
        case .stepEnded(let id): frame("step", ["type": "end", "id": id])
        case .multiStepInitiated(let reason, let confidence):
            frame("step", ["type": "multi_step_initiated", "reason": reason, "confidence": confidence])
        case .multiStepComplete: frame("step", ["type": "multi_step_complete"])
        case .multiStepPaused(let id, let question): frame("step", ["type": "multi_step_paused", "id": id, "question": question])
        case .multiStepResumed(let id, let decision): frame("step", ["type": "multi_step_resumed", "id": id, "decision": decision])
        case .toolCall(let id, let name, let arguments): frame("tool_call", ["id": id, "name": name, "arguments": arguments])
        case .toolResult(let id, let name, let ok, let content): frame("tool_result", ["id": id, "name": name, "ok": ok, "content": content])
        case .action(let action): frame("action", ["action": action])
        case .done(let conversationID, let messageID):
            frame("done", ["conversationId": conversationID, "messageId": messageID.map { $0 as Any } ?? NSNull()])
        case .error(let code, let message): frame("error", ["code": code, "message": message])
        }
    }

    /// `event: NAME` + one `data:` line of compact JSON (JSON never contains a raw newline).
    static func frame(_ name: String, _ fields: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return "event: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}
