import SQLKit
import Synchronization

/// camelCase property names ↔ snake_case column names, computed once per name. SQLKit's own
/// `convertToSnakeCase` re-derives every column name for every row with Unicode property
/// look-ups, which made row decoding the largest CPU cost of a booking.
enum SnakeCaseColumns {
    private static let cache = Mutex<[String: String]>([:])

    static func column(for key: String) -> String {
        if let known = cache.withLock({ $0[key] }) { return known }
        let converted = convert(key)
        cache.withLock { $0[key] = converted }
        return converted
    }

    /// Foundation's snake-case rule: a word starts at a lower→upper step, and an upper-case run
    /// followed by a lower-case letter ends one letter early (`iCalUID` → `i_cal_uid`,
    /// `myURLProperty` → `my_url_property`).
    static func convert(_ key: String) -> String {
        let bytes = Array(key.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
        for (index, byte) in bytes.enumerated() {
            if isUpper(byte), index > 0 {
                let previous = bytes[index - 1]
                let nextIsLower = index + 1 < bytes.count && isLower(bytes[index + 1])
                if isLower(previous) || (previous >= 48 && previous <= 57) || (isUpper(previous) && nextIsLower) { out.append(95) }
            }
            out.append(isUpper(byte) ? byte + 32 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension SQLQueryEncoder.KeyEncodingStrategy {
    /// `convertToSnakeCase` with the conversion cached per property name.
    static let snakeCaseColumns = Self.custom { path in SnakeCaseColumns.Key(stringValue: SnakeCaseColumns.column(for: path.last?.stringValue ?? "")) }
}

extension SQLRowDecoder.KeyDecodingStrategy {
    /// `convertFromSnakeCase` with the conversion cached per property name.
    static let snakeCaseColumns = Self.custom { path in SnakeCaseColumns.Key(stringValue: SnakeCaseColumns.column(for: path.last?.stringValue ?? "")) }
}
