import Foundation

/// Builds a tool's arguments object the way the tool's JSON Schema names them.
///
/// Each value is offered under a list of likely names (`["start", "startTime", "start_time"]`);
/// the first one the schema declares wins, and the value is converted to the declared type.
/// A schema without `properties` gets the first name, so an unspecified tool still gets
/// sensible arguments.
struct ToolArgumentBuilder {
    let spec: ToolSpec
    private(set) var values: [String: JSONValue] = [:]

    init(spec: ToolSpec) {
        self.spec = spec
    }

    var properties: [String: JSONValue]? { spec.parameters["properties"]?.objectValue }
    var required: [String] { spec.parameters["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// The first of `names` the schema declares (or the first name when it declares none).
    func name(for names: [String]) -> String? {
        guard let properties else { return names.first }
        if let exact = names.first(where: { properties[$0] != nil }) { return exact }
        // "timeZone" offered as "timezone": match case-insensitively.
        let lowered = Dictionary(properties.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        return names.lazy.compactMap { lowered[$0.lowercased()] }.first
    }

    func declares(_ names: [String]) -> Bool { properties == nil || names.contains { properties?[$0] != nil } }

    func description(of name: String) -> String {
        properties?[name]?["description"]?.stringValue?.lowercased() ?? ""
    }

    mutating func set(_ value: JSONValue?, as names: [String]) {
        guard let value, let key = name(for: names), values[key] == nil else { return }
        values[key] = convert(value, to: properties?[key]?["type"]?.stringValue)
    }

    /// Integers for "integer", strings for "string": a model's arguments must validate.
    private func convert(_ value: JSONValue, to type: String?) -> JSONValue {
        switch (type, value) {
        case ("string", .int(let number)): return .string(String(number))
        case ("integer", .string(let text)): return Int(text).map(JSONValue.int) ?? value
        case ("number", .int(let number)): return .double(Double(number))
        default: return value
        }
    }

    /// The arguments as compact JSON with sorted keys, so the same call is the same text.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(values)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
