import Foundation

/// Writes a flat JSON object of strings without `JSONEncoder`, for the hottest small responses
/// (Foundation's encoder is most of their cost). Escaping follows RFC 8259 §7.
struct FlatJSONWriter {
    private var bytes: [UInt8]

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func add(_ key: String, _ value: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
        appendString(value)
    }

    /// An instant as UTC ISO 8601 to the second, as `JSONEncoder`'s `.iso8601` writes it.
    mutating func add(_ key: String, utc date: Date) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: "\""))
        ISOTimeWriter.appendUTC(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func appendString(_ text: String) {
        Self.appendString(text, to: &bytes)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string literal, quotes included.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most values need no escaping: copy those whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0xf)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
