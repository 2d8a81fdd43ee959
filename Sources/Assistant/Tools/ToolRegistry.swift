import Foundation
import LLM
import Synchronization

/// The tools by name, and the one way they run: the tool must be allowed in the turn's mode
/// (enforced here, not only by which specs the prompt shows), the arguments must parse and
/// validate against the schema, and a side-effecting call runs once per idempotency key.
public struct ToolRegistry: Sendable {
    public private(set) var tools: [String: AssistantTool] = [:]
    private let validator = JSONSchemaValidator()
    private let ledger: IdempotencyLedger

    public init(_ tools: [AssistantTool] = [], ledger: IdempotencyLedger = IdempotencyLedger()) {
        self.ledger = ledger
        for tool in tools { register(tool) }
    }

    public mutating func register(_ tool: AssistantTool) {
        tools[tool.name] = tool
    }

    /// The specs a turn in `mode` may see, sorted by name so prompts are stable.
    public func specs(for mode: ChatMode) -> [ToolSpec] {
        tools.values.filter { $0.modes.contains(mode) }.map(\.spec).sorted { $0.name < $1.name }
    }

    public func execute(_ call: ToolCall, turn: TurnInput, runID: String) async -> ToolOutcome {
        guard let tool = tools[call.name], tool.modes.contains(turn.mode) else {
            return .error(call, .notAllowed, "tool '\(call.name)' is not available in this conversation")
        }
        let arguments: JSONValue
        do {
            arguments = try call.decodedArguments()
        } catch {
            return .error(call, .invalidArguments, "arguments are not valid JSON; send a JSON object matching the schema")
        }
        let problems = validator.problems(arguments, against: tool.spec.parameters)
        guard problems.isEmpty else {
            return .error(call, .invalidArguments, "invalid arguments: " + problems.joined(separator: "; "))
        }
        let key = "\(runID):\(call.id)"
        let invocation = ToolInvocation(turn: turn, callID: call.id, arguments: arguments, idempotencyKey: key)
        if tool.sideEffecting, let earlier = ledger.result(userID: turn.profile.userID, key: key) {
            return earlier
        }
        var outcome: ToolOutcome
        do {
            let value = try await tool.handler(invocation)
            outcome = ToolOutcome(callID: call.id, name: call.name, arguments: call.arguments, status: .ok, content: ToolOutcome.json(value))
        } catch let failure as ToolFailure {
            outcome = .error(call, .failed, failure.description)
        } catch is CancellationError {
            outcome = .error(call, .failed, "cancelled")
        } catch {
            // Internal errors are not shown to the model verbatim: they may carry details.
            outcome = .error(call, .failed, "the \(call.name) tool failed; nothing was changed")
        }
        if tool.sideEffecting, outcome.ok { ledger.record(outcome, userID: turn.profile.userID, key: key) }
        return outcome
    }
}

/// Results of side-effecting calls by (user, idempotency key), bounded, so a replayed call
/// answers with the first result instead of acting twice.
public final class IdempotencyLedger: Sendable {
    private let entries = Mutex<(map: [String: ToolOutcome], order: [String])>(([:], []))
    private let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func result(userID: String, key: String) -> ToolOutcome? {
        entries.withLock { $0.map[userID + "|" + key] }
    }

    func record(_ outcome: ToolOutcome, userID: String, key: String) {
        entries.withLock { state in
            let scoped = userID + "|" + key
            if state.map.updateValue(outcome, forKey: scoped) == nil { state.order.append(scoped) }
            if state.order.count > capacity {
                let drop = state.order.count - capacity
                for old in state.order.prefix(drop) { state.map[old] = nil }
                state.order.removeFirst(drop)
            }
        }
    }
}
