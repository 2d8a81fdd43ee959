import Foundation
import LLM

/// The result of one tool call: what goes back to the model (`content`, JSON text), and
/// whether it succeeded or was refused for bad arguments.
public struct ToolOutcome: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        case ok
        case failed
        /// The arguments did not match the schema: the model may fix them and retry once.
        case invalidArguments = "invalid_arguments"
        /// The tool is not available in this chat (e.g. a delegation run asked for an owner tool).
        case notAllowed = "not_allowed"
    }

    public var callID: String
    public var name: String
    public var arguments: String
    public var status: Status
    public var content: String

    public var ok: Bool { status == .ok }

    static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func error(_ call: ToolCall, _ status: Status, _ message: String) -> ToolOutcome {
        ToolOutcome(callID: call.id, name: call.name, arguments: call.arguments, status: status,
                    content: json(["error": .string(message)]))
    }
}
