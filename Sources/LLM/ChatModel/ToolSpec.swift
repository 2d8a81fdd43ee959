/// A tool offered to the model: a function name, what it is for, and its arguments as a
/// JSON Schema object.
public struct ToolSpec: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// JSON Schema of the arguments object, e.g. `["type": "object", "properties": …]`.
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}
