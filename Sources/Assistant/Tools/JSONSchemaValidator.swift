import Foundation
import LLM

/// Checks tool arguments against the subset of JSON Schema the tools use: `type`,
/// `properties`, `required`, `additionalProperties: false`, `enum`, `minimum`/`maximum`,
/// `minLength`/`maxLength`, `items`, `minItems`/`maxItems` and `format: date-time`.
/// Returns readable problems ("start: not an ISO 8601 date-time") for the model to fix.
public struct JSONSchemaValidator: Sendable {
    public init() {}

    public func problems(_ value: JSONValue, against schema: JSONValue, path: String = "") -> [String] {
        var found: [String] = []
        let name = path.isEmpty ? "arguments" : path
        if let type = schema["type"]?.stringValue, !Self.matches(value, type: type) {
            return ["\(name): expected \(type)"]
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            let listed = options.compactMap(\.stringValue).joined(separator: ", ")
            found.append("\(name): must be one of \(listed)")
        }
        switch value {
        case .object(let members):
            let properties = schema["properties"]?.objectValue ?? [:]
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[key] == nil || members[key] == .null {
                found.append("\(Self.join(path, key)): required")
            }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[key] {
                    found += problems(member, against: sub, path: Self.join(path, key))
                } else if schema["additionalProperties"]?.boolValue == false {
                    found.append("\(Self.join(path, key)): unknown property")
                }
            }
        case .array(let items):
            if let min = schema["minItems"]?.intValue, items.count < min { found.append("\(name): at least \(min) items") }
            if let max = schema["maxItems"]?.intValue, items.count > max { found.append("\(name): at most \(max) items") }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { found += problems(item, against: itemSchema, path: "\(name)[\(index)]") }
            }
        case .string(let text):
            if let min = schema["minLength"]?.intValue, text.count < min { found.append("\(name): at least \(min) characters") }
            if let max = schema["maxLength"]?.intValue, text.count > max { found.append("\(name): at most \(max) characters") }
            if schema["format"]?.stringValue == "date-time", Self.parseDate(text) == nil {
                found.append("\(name): not an ISO 8601 date-time with offset")
            }
        case .int, .double:
            let number = value.doubleValue ?? 0
            if let min = schema["minimum"]?.doubleValue, number < min { found.append("\(name): must be at least \(Self.show(min))") }
            if let max = schema["maximum"]?.doubleValue, number > max { found.append("\(name): must be at most \(Self.show(max))") }
        default:
            break
        }
        return found
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): true
        case ("integer", .int): true
        case ("integer", .double(let number)): number.rounded() == number
        case ("number", .int), ("number", .double): true
        default: false
        }
    }

    /// ISO 8601 with seconds optional and an offset or `Z`.
    public static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        // "2026-11-24T10:00+01:00": add the seconds.
        if text.count >= 16, text.dropFirst(16).first.map({ "+-Z".contains($0) }) == true {
            var padded = text
            padded.insert(contentsOf: ":00", at: padded.index(padded.startIndex, offsetBy: 16))
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.date(from: padded)
        }
        return nil
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    private static func show(_ number: Double) -> String {
        number.rounded() == number ? String(Int(number)) : String(number)
    }
}
