import Foundation
import LLM

/// Agent-to-agent scheduling (issue 9) as the graph needs it: open sessions for the
/// negotiation node, and the two network tools. The default says it is not set up.
public protocol NetworkScheduling: Sendable {
    /// Prompt lines about open sessions and proposals, for turns with scheduling intent.
    func openSessions(userID: String) async throws -> [String]
    func scheduleMeeting(userID: String, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue
    func confirmMeeting(userID: String, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue
}

public struct NetworkUnavailable: NetworkScheduling {
    public init() {}
    public func openSessions(userID: String) async throws -> [String] { [] }
    public func scheduleMeeting(userID: String, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue {
        throw ToolFailure("agent-to-agent scheduling is not connected for this account; give me an exact time and I'll put it on your calendar")
    }
    public func confirmMeeting(userID: String, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue {
        throw ToolFailure("there is no open proposal to confirm")
    }
}

/// Delegation booking (issue 8) for the two delegation tools; constraints are enforced
/// inside the implementation, not by the prompt.
public protocol DelegationBooking: Sendable {
    func checkAvailability(turn: TurnInput, arguments: JSONValue) async throws -> JSONValue
    func schedule(turn: TurnInput, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue
}

public struct DelegationUnavailable: DelegationBooking {
    public init() {}
    public func checkAvailability(turn: TurnInput, arguments: JSONValue) async throws -> JSONValue {
        throw ToolFailure("booking through this link is not available right now")
    }
    public func schedule(turn: TurnInput, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue {
        throw ToolFailure("booking through this link is not available right now")
    }
}

/// A tool failure the model should read (shown as the tool's error result).
public struct ToolFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
