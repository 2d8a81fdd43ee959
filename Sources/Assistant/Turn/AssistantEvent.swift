import Foundation

/// What a turn reports while it runs, in order. The HTTP layer renders these as text with
/// control tokens or as typed SSE events; the CLI prints them.
public enum AssistantEvent: Sendable, Hashable {
    /// Reply text for the user, as the model produces it.
    case token(String)
    case stepStarted(id: String, name: String)
    case progress(String)
    case stepResult(id: String, status: String, result: String)
    case stepEnded(id: String)
    case multiStepInitiated(reason: String, confidence: Double)
    case multiStepComplete
    /// The plan waits for the owner (a required step failed); their next message answers.
    case multiStepPaused(stepID: String, question: String)
    /// A paused plan continues with the owner's answer (`retry`, `skip` or `stop`).
    case multiStepResumed(stepID: String, decision: String)
    case toolCall(id: String, name: String, arguments: String)
    case toolResult(id: String, name: String, ok: Bool, content: String)
    /// Something the client should act on: `reauth_required:gmail`, `degraded:gmail`.
    case action(String)
    /// The turn ended; the reply was stored under `messageID`.
    case done(conversationID: String, messageID: String?)
    /// The turn failed after streaming began.
    case error(code: String, message: String)
}

/// Payloads nodes emit through `NodeContext.emit`; the service turns them into events.
struct TurnEmission: Sendable {
    let event: AssistantEvent
}
