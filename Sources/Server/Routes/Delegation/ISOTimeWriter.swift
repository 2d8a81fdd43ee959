import Foundation
import ICalendar

/// ISO 8601 date-times to the second, written as bytes: UTC (`2026-03-24T09:00:00Z`, as
/// `JSONEncoder`'s `.iso8601` writes it) or a zone's wall time with its offset at that instant
/// (`2026-03-29T10:00:00+02:00`).
enum ISOTimeWriter {
    static func appendUTC(_ date: Date, to out: inout [UInt8]) {
        appendWall(LocalDateTime(wallSeconds: Int64(date.timeIntervalSince1970.rounded(.down))), to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    static func appendLocal(_ date: Date, zone: TimeZone, to out: inout [UInt8]) {
        let offset = zone.secondsFromGMT(for: date)
        appendWall(LocalDateTime(wallSeconds: Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset)), to: &out)
        out.append(UInt8(ascii: offset < 0 ? "-" : "+"))
        appendDigits(abs(offset) / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(abs(offset) % 3600 / 60, width: 2, to: &out)
    }

    static func local(_ date: Date, zone: TimeZone) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(25)
        appendLocal(date, zone: zone, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendWall(_ wall: LocalDateTime, to out: inout [UInt8]) {
        appendDigits(wall.year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(wall.month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(wall.day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(wall.hour, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(wall.minute, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(wall.second, width: 2, to: &out)
    }

    private static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        for _ in digits.count..<max(width, digits.count) { out.append(UInt8(ascii: "0")) }
        out += digits.reversed()
    }
}
