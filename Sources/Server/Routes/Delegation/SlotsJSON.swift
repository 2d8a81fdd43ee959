import Foundation
import ICalendar
import Scheduling

/// The slots response written byte by byte: it is the busiest public route, and `JSONEncoder`
/// plus `String(format:)` per slot were most of its time. The shape:
/// `{"timezone","durationMins","slots":[{"start","end","localStart"}]}`, instants in UTC ISO 8601,
/// `localStart` the viewer's wall time with its offset.
enum SlotsJSON {
    static func encode(_ slots: [FreeSlot], zone: TimeZone, duration: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + slots.count * 96)
        out += #"{"timezone":"#.utf8
        FlatJSONWriter.appendString(zone.identifier, to: &out)
        out += #","durationMins":"#.utf8
        out += String(duration).utf8
        out += #","slots":["#.utf8
        for (index, slot) in slots.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"start":""#.utf8
            ISOTimeWriter.appendUTC(slot.start, to: &out)
            out += #"","end":""#.utf8
            ISOTimeWriter.appendUTC(slot.end, to: &out)
            out += #"","localStart":""#.utf8
            ISOTimeWriter.appendLocal(slot.start, zone: zone, to: &out)
            out += #""}"#.utf8
        }
        out += "]}".utf8
        return out
    }
}
