import Assistant
import Foundation
import LLM

/// What the chat routes need from the assistant: the turn runner, the classifier, memory
/// ranking, and the circuit breakers `/api/health` reports.
public struct AssistantRuntime: Sendable {
    public let chat: ChatService
    public let classifier: MessageClassifier
    public let breakers: CircuitBreakerRegistry
    /// The delegation-link chat: the same graph with only the delegation tools and no owner
    /// context sources; nil leaves `POST /api/public/delegation/{token}/chat` at 501.
    public let delegation: ChatService?

    public init(chat: ChatService, classifier: MessageClassifier, breakers: CircuitBreakerRegistry, delegation: ChatService? = nil) {
        self.chat = chat
        self.classifier = classifier
        self.breakers = breakers
        self.delegation = delegation
    }

    /// `circuit:NAME` → `closed|open|half_open (failures N)` for the health endpoint.
    public func healthComponents() -> [String: String] {
        var components: [String: String] = [:]
        for snapshot in breakers.snapshot() {
            components["circuit:\(snapshot.name)"] = snapshot.state.rawValue
        }
        return components
    }
}
