import Foundation

/// The text form of events: reply text as is, everything else as the control tokens of
/// DESIGN.md (`[[PERIN_STEP:start:ID:NAME]]`, …). Fields are cleaned so a `]]` or `:` in a
/// name or message cannot break a token apart.
public enum ControlToken {
    public static func render(_ event: AssistantEvent) -> String? {
        switch event {
        case .token(let text): return text
        case .stepStarted(let id, let name): return "[[PERIN_STEP:start:\(field(id)):\(field(name))]]"
        case .progress(let message): return "[[PERIN_PROGRESS:\(field(message, keepColons: true))]]"
        case .stepResult(let id, let status, let result):
            return "[[PERIN_STEP_RESULT:\(field(id)):\(field(status)):\(field(result, keepColons: true))]]"
        case .stepEnded(let id): return "[[PERIN_STEP:end:\(field(id))]]"
        case .multiStepInitiated(let reason, let confidence):
            return "[[PERIN_MULTI_STEP:initiated:\(field(reason)):\(String(format: "%.2f", confidence))]]"
        case .multiStepComplete: return "[[PERIN_MULTI_STEP:complete]]"
        case .multiStepPaused(let id, _): return "[[PERIN_MULTI_STEP:paused:\(field(id))]]"
        case .multiStepResumed(let id, let decision): return "[[PERIN_MULTI_STEP:resumed:\(field(id)):\(field(decision))]]"
        case .toolCall(_, let name, _): return "[[PERIN_PROGRESS:Running \(field(name))]]"
        case .toolResult: return nil
        case .action(let action): return "[[PERIN_ACTION:\(field(action, keepColons: true))]]"
        case .done: return nil
        case .error(let code, let message): return "[[PERIN_ERROR:\(field(code)):\(field(message, keepColons: true))]]"
        }
    }

    /// One line, no brackets; colons become dashes unless the field is the last one.
    static func field(_ text: String, keepColons: Bool = false) -> String {
        var out = ""
        for character in text {
            switch character {
            case "[", "]": out.append(character == "[" ? "(" : ")")
            case "\n", "\r": out.append(" ")
            case ":" where !keepColons: out.append("-")
            default: out.append(character)
            }
        }
        return out
    }
}
