import AgentGraph
import Foundation
import LLM

/// Writes the reply, streamed token by token: directly from context, or after tool rounds
/// when the planner did not already answer. Ends with a note when a context was degraded.
enum ResponderNode {
    static func node(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            var reply = state[AssistantKeys.reply]
            if reply.isEmpty {
                ModelTurn.emit(.progress("Writing the reply"), context)
                var request = ChatRequest(messages: ModelTurn.messages(state, services: services, instructions: .responder))
                if !state[AssistantKeys.transcript].isEmpty {
                    // Tool exchanges stay readable to the model, but it may not call more.
                    request.tools = PlannerNodes.toolSpecs(state, services, mode: state[AssistantKeys.turn]?.mode ?? .owner)
                    request.toolChoice = ToolChoice.none
                }
                let completion = try await ModelTurn.stream(services.model, request, context: context, emitText: true)
                reply = completion.text
                if let substitute = ModelTurn.substitute(for: completion) ?? (completion.toolCalls.isEmpty ? nil : stuckReply(state)) {
                    ModelTurn.emit(.token(substitute), context)
                    reply = substitute
                }
            }
            if let note = degradedNote(state) {
                let text = (reply.isEmpty ? "" : "\n\n") + note
                ModelTurn.emit(.token(text), context)
                reply += text
            }
            return .set(AssistantKeys.reply, reply)
        }
    }

    /// The model kept calling tools (or never fixed its arguments).
    static func stuckReply(_ state: GraphState) -> String {
        if let invalid = state[AssistantKeys.outcomes].last(where: { $0.status == .invalidArguments }) {
            return "Sorry — I couldn't get the details right for \(invalid.name.replacingOccurrences(of: "_", with: " ")), so nothing was changed. Could you give me the exact day and time?"
        }
        return "Sorry — I couldn't finish that in a few steps, so I stopped. Could you break it into smaller requests?"
    }

    static func degradedNote(_ state: GraphState) -> String? {
        let degraded = state[AssistantKeys.contexts].values.filter(\.isDegraded).sorted { $0.type < $1.type }
        guard !degraded.isEmpty else { return nil }
        let names = degraded.map { "\($0.heading) (\($0.degradedReason ?? "unavailable"))" }.joined(separator: ", ")
        return "Note: I couldn't reach \(names) just now, so this answer may be incomplete."
    }
}
