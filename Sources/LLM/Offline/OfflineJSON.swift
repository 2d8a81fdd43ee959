import Foundation

/// Reading tool results, whose exact shape the offline model cannot know in advance.
enum OfflineJSON {
    static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The first value stored under `key` anywhere in `value` (depth first).
    static func find(_ key: String, in value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let members):
            if let hit = members[key] { return hit }
            for member in members.keys.sorted() {
                if let hit = find(key, in: members[member]!) { return hit }
            }
            return nil
        case .array(let items):
            return items.lazy.compactMap { find(key, in: $0) }.first
        default:
            return nil
        }
    }

    /// The first array of objects in `value`: events, slots, proposals, emails.
    static func records(in value: JSONValue) -> [[String: JSONValue]] {
        switch value {
        case .array(let items):
            let objects = items.compactMap(\.objectValue)
            if !objects.isEmpty { return objects }
            return items.lazy.map(records(in:)).first { !$0.isEmpty } ?? []
        case .object(let members):
            for key in members.keys.sorted() {
                let found = records(in: members[key]!)
                if !found.isEmpty { return found }
            }
            return []
        default:
            return []
        }
    }

    /// A failure the tool reported: `{"error": …}`, `{"ok": false}`, or text starting "Error".
    static func failure(in text: String) -> String? {
        if let value = parse(text) {
            if let error = value["error"] {
                return error.stringValue ?? error["message"]?.stringValue ?? "the tool reported an error"
            }
            if value["ok"]?.boolValue == false || value["success"]?.boolValue == false {
                return value["message"]?.stringValue ?? value["reason"]?.stringValue ?? "the tool reported a failure"
            }
            return nil
        }
        let lower = text.lowercased()
        return lower.hasPrefix("error") || lower.hasPrefix("failed") ? text : nil
    }

    /// The first string under any of `keys` in a record.
    static func string(_ record: [String: JSONValue], _ keys: [String]) -> String? {
        keys.lazy.compactMap { record[$0]?.stringValue ?? record[$0]?["dateTime"]?.stringValue }.first
    }
}
