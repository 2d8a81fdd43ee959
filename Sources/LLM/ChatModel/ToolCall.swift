#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A call the model wants made. `arguments` is the JSON text exactly as the model produced
/// it (models sometimes emit invalid JSON; the executor decides what to do with that).
public struct ToolCall: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed as JSON; an empty string counts as `{}`.
    public func decodedArguments() throws -> JSONValue {
        if arguments.allSatisfy(\.isWhitespace) { return .object([:]) }
        return try JSONDecoder().decode(JSONValue.self, from: Data(arguments.utf8))
    }
}
