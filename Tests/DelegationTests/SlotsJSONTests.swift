import Foundation
import Scheduling
@testable import Server
import Testing

/// The hand-written slots JSON says what Foundation would: UTC instants as `JSONEncoder`'s
/// `.iso8601`, local starts as `ISO8601DateFormatter` in the viewer's zone.
@Suite("slots JSON")
struct SlotsJSONTests {
    @Test("matches Foundation in zones with DST, half-hour, 45-minute and negative offsets",
          arguments: ["Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Australia/Sydney", "UTC", "America/New_York"])
    func matchesFoundation(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        let iso = ISO8601DateFormatter()
        // Across the 2026 spring change in Europe (Mar 29) and the US (Mar 8), and a year-1999 date.
        let starts = ["2026-03-28T23:30:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-08T06:45:00Z", "1999-12-31T23:59:00Z"]
            .map { iso.date(from: $0)! }
        let slots = starts.map { FreeSlot(start: $0, end: $0.addingTimeInterval(1800)) }
        let bytes = SlotsJSON.encode(slots, zone: zone, duration: 30)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["timezone"] as? String == zone.identifier)
        #expect(object["durationMins"] as? Int == 30)
        let list = try #require(object["slots"] as? [[String: String]])
        let local = ISO8601DateFormatter()
        local.timeZone = zone
        let utc = JSONEncoder()
        utc.dateEncodingStrategy = .iso8601
        for (slot, written) in zip(slots, list) {
            #expect(written["start"].map { "\"\($0)\"" } == String(decoding: try utc.encode(slot.start), as: UTF8.self))
            #expect(written["end"].map { "\"\($0)\"" } == String(decoding: try utc.encode(slot.end), as: UTF8.self))
            // Foundation writes "Z" for a zero offset; the wall-time field always carries +00:00.
            let expected = local.string(from: slot.start).replacingOccurrences(of: "Z", with: "+00:00")
            #expect(written["localStart"] == expected, "\(zoneName) \(slot.start)")
        }
        #expect(list.count == slots.count)
    }
}
