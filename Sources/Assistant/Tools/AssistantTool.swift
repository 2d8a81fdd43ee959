import Foundation
import LLM

/// One call of a tool, as its handler sees it.
public struct ToolInvocation: Sendable {
    public let turn: TurnInput
    public let callID: String
    public let arguments: JSONValue
    /// `run:callID`: a resumed run replays the same key, so a side effect happens once.
    public let idempotencyKey: String
}

/// A tool: its JSON-Schema spec (what the model sees), which chat modes may use it, and
/// the handler. Handlers throw `ToolFailure` for errors the model should read.
public struct AssistantTool: Sendable {
    public let spec: ToolSpec
    public let modes: Set<ChatMode>
    public let sideEffecting: Bool
    public let handler: @Sendable (ToolInvocation) async throws -> JSONValue

    public init(
        name: String, description: String, parameters: JSONValue, modes: Set<ChatMode> = [.owner], sideEffecting: Bool,
        handler: @escaping @Sendable (ToolInvocation) async throws -> JSONValue
    ) {
        self.spec = ToolSpec(name: name, description: description, parameters: parameters)
        self.modes = modes
        self.sideEffecting = sideEffecting
        self.handler = handler
    }

    public var name: String { spec.name }
}
