import ArgumentParser
import Foundation
import ICalendar
import Scheduling

/// `perin-bench slots`: free slots for a 14-day window over a generated calendar (expand the
/// window, turn occurrences into busy time, run the availability engine), and the raw
/// expansion rate over two years of the same calendar.
struct SlotsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "slots", abstract: "Availability over a generated calendar.")

    @Option(help: "An .ics file to use instead of the generated calendar.") var file: String?
    @Option(help: "Events in the generated calendar.") var events = 500
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Timed slot computations.") var iterations = 200

    func run() async throws {
        let text = try file.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? Self.generate(events: events, seed: seed)
        let calendar = try VCalendar(parsing: text)
        // Bookable round the clock with 15-minute slots: the generated calendar is dense
        // (~100 busy intervals a day), and office hours with a daily cap would leave the
        // engine nothing to do.
        var rules = AvailabilityRules(timeZone: TimeZone(identifier: "Europe/Berlin")!,
                                      weeklyHours: Dictionary(uniqueKeysWithValues: (1...7).map { ($0, [TimeRange(0, to: 24)]) }))
        rules.meetingDuration = 15 * 60
        rules.slotInterval = 15 * 60
        rules.bufferBefore = 5 * 60
        rules.bufferAfter = 5 * 60
        rules.minimumNotice = 4 * 3600
        let now = try ICalBenchmark.day("2026-03-20")
        let from = now, to = now.addingTimeInterval(14 * 86_400)
        let clock = ContinuousClock()
        var times: [Double] = [], cpuTimes: [Double] = []
        var slotCount = 0, busyCount = 0
        for _ in 0..<max(1, iterations) {
            var elapsed = Duration.zero
            cpuTimes.append(try ICalBenchmark.cpuMilliseconds {
                elapsed = try clock.measure {
                    let window = try calendar.occurrences(from: from.addingTimeInterval(-86_400), to: to.addingTimeInterval(86_400))
                    // All-day events count as free, as Google Calendar creates them; the
                    // generated ones would otherwise block every day.
                    let busy = BusyInterval.from(window.filter { !$0.isAllDay })
                    let slots = AvailabilityEngine.freeSlots(busy: busy, rules: rules, from: from, to: to, now: now)
                    slotCount = slots.count
                    busyCount = busy.count
                }
            })
            times.append(ICalBenchmark.milliseconds(elapsed))
        }
        times.sort()
        cpuTimes.sort()

        let wideFrom = try ICalBenchmark.day("2025-01-01"), wideTo = try ICalBenchmark.day("2027-01-01")
        var expandTimes: [Double] = [], expandCPU: [Double] = []
        var expanded = 0
        for _ in 0..<7 {
            var elapsed = Duration.zero
            expandCPU.append(try ICalBenchmark.cpuMilliseconds {
                elapsed = try clock.measure { expanded = try calendar.occurrences(from: wideFrom, to: wideTo).count }
            })
            expandTimes.append(ICalBenchmark.milliseconds(elapsed))
        }
        let expandMedian = expandTimes.sorted()[expandTimes.count / 2], expandCPUMedian = expandCPU.sorted()[expandCPU.count / 2]
        printJSONLine([
            "benchmark": "slots", "events": calendar.events.count, "window_days": 14, "busy": busyCount, "slots": slotCount,
            "p50_ms": (percentile(times, 0.5) * 1000).rounded() / 1000, "p99_ms": (percentile(times, 0.99) * 1000).rounded() / 1000,
            "expansion_occurrences": expanded, "expansion_ms": (expandMedian * 1000).rounded() / 1000,
            "p50_cpu_ms": (percentile(cpuTimes, 0.5) * 1000).rounded() / 1000,
            "expansion_occurrences_per_s": Int(Double(expanded) / (expandMedian / 1000)),
            "expansion_occurrences_per_cpu_s": Int(Double(expanded) / (expandCPUMedian / 1000)),
        ])
    }

    /// A calendar shaped like `ical_baseline.py gen`: weekly/daily/monthly/yearly rules with
    /// COUNT, UNTIL, BYDAY, BYMONTHDAY, EXDATE, all-day events, DST zones, UTC and floating.
    static func generate(events: Int, seed: UInt64) -> String {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        let zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC", ""]
        let days = ["MO", "TU", "WE", "TH", "FR"]
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//perin-bench//EN"]
        for i in 0..<events {
            let zone = zones[next(zones.count)]
            var start = LocalDateTime(year: 2025, month: 1, day: 1).addingDays(next(500))
            start.hour = 6 + next(14)
            start.minute = [0, 15, 30, 45][next(4)]
            let minutes = [15, 30, 45, 60, 90, 120][next(6)]
            let allDay = next(100) < 8
            var rule: String?
            switch next(100) {
            case 0..<35:
                let wd = next(5)
                start = start.addingDays((wd - (start.isoWeekday - 1) + 7) % 7)
                rule = "FREQ=WEEKLY;BYDAY=" + days[wd...].prefix(1 + next(3)).joined(separator: ",")
            case 35..<55: rule = "FREQ=DAILY;INTERVAL=\([1, 1, 2, 3][next(4)])"
            case 55..<70:
                start.day = 1 + next(28)
                rule = "FREQ=MONTHLY;BYMONTHDAY=\(start.day)"
            case 70..<85: rule = "FREQ=YEARLY"
            default: break
            }
            func stamp(_ name: String, _ t: LocalDateTime) -> String {
                zone.isEmpty ? "\(name):\(t)" : zone == "UTC" ? "\(name):\(t)Z" : "\(name);TZID=\(zone):\(t)"
            }
            lines += ["BEGIN:VEVENT", "UID:ev\(i)@bench", "DTSTAMP:20250101T000000Z", "SUMMARY:Event \(i)"]
            if allDay {
                let d = String("\(start)".prefix(8)), e = String("\(start.addingDays(1 + next(2)))".prefix(8))
                lines += ["DTSTART;VALUE=DATE:\(d)", "DTEND;VALUE=DATE:\(e)"]
            } else {
                let end = LocalDateTime(wallSeconds: start.wallSeconds + Int64(minutes * 60))
                lines += [stamp("DTSTART", start), stamp("DTEND", end)]
            }
            if var rule {
                if next(10) < 4 { rule += ";COUNT=\(3 + next(197))" }
                if !allDay && rule.hasPrefix("FREQ=WEEKLY") && next(10) < 3 {
                    lines.append(stamp("EXDATE", start.addingDays(7 * (1 + next(10)))))
                }
                lines.append("RRULE:" + rule)
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
