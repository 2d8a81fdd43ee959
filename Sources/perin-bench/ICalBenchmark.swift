import ArgumentParser
import Foundation
import ICalendar
import ICalendarFuzzing

/// `perin-bench ical --file F --from D --to D`: the same JSON line as
/// `ical_baseline.py expand` (occurrences, median ms of 5 expansions, sha256 of the sorted
/// `UID|startUTC|endUTC` lines), so the two engines can be compared on one file.
/// `--fuzz-seconds N --seeds DIR` instead runs the parser fuzz loop (see `ParserFuzzer`).
struct ICalBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ical", abstract: "Expand an .ics file over a window.")

    @Option(help: "The .ics file.") var file: String?
    @Option(help: "Window start, YYYY-MM-DD (UTC).") var from = "2026-01-01"
    @Option(help: "Window end, YYYY-MM-DD (UTC).") var to = "2027-01-01"
    @Option(help: "Timed expansions; the median is reported.") var runs = 5
    @Option(help: "Run the parser fuzz loop for this many seconds instead.") var fuzzSeconds: Double?
    @Option(help: "Directory of .ics seed files for the fuzz loop.") var seeds: String?

    func run() async throws {
        if let fuzzSeconds {
            guard let seeds else { throw ValidationError("--fuzz-seconds needs --seeds DIR") }
            try fuzz(seconds: fuzzSeconds, seedDirectory: seeds)
            return
        }
        guard let file else { throw ValidationError("--file is required") }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let start = try Self.day(from), end = try Self.day(to)
        let clock = ContinuousClock()
        var calendar: VCalendar?
        let parse = try clock.measure { calendar = try VCalendar(parsing: text) }
        guard let calendar else { return }
        var times: [Double] = [], cpuTimes: [Double] = []
        var occurrences: [Occurrence] = []
        for _ in 0..<max(1, runs) {
            var elapsed = Duration.zero
            cpuTimes.append(try Self.cpuMilliseconds {
                elapsed = try clock.measure { occurrences = try calendar.occurrences(from: start, to: end) }
            })
            times.append(Self.milliseconds(elapsed))
        }
        let cpuMedian = cpuTimes.sorted()[cpuTimes.count / 2]
        let rows = occurrences.map { "\($0.uid)|\(Self.iso($0.start))|\(Self.iso($0.end))" }.sorted()
        let median = times.sorted()[times.count / 2]
        printJSONLine([
            "engine": "perin-icalendar", "file": file, "from": from, "to": to,
            "occurrences": rows.count, "ms_median": (median * 1000).rounded() / 1000,
            "parse_ms": (Self.milliseconds(parse) * 1000).rounded() / 1000,
            "cpu_ms_median": (cpuMedian * 1000).rounded() / 1000,
            "occurrences_per_s": median > 0 ? Int(Double(rows.count) / (median / 1000)) : 0,
            "occurrences_per_cpu_s": cpuMedian > 0 ? Int(Double(rows.count) / (cpuMedian / 1000)) : 0,
            "sha256": SHA256Digest.hex(Array(rows.joined(separator: "\n").utf8)),
        ])
    }

    private func fuzz(seconds: Double, seedDirectory: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: seedDirectory).filter { $0.hasSuffix(".ics") }.sorted()
        let seeds = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: seedDirectory + "/" + $0))) }
        guard !seeds.isEmpty else { throw ValidationError("no .ics seeds in \(seedDirectory)") }
        var fuzzer = ParserFuzzer(state: 0x2545_F491_4F6C_DD1D, seeds: seeds)
        let r = fuzzer.run(seconds: seconds)
        printJSONLine(["benchmark": "ical-fuzz", "seconds": seconds, "iterations": r.iterations, "parsed": r.parsed,
                       "occurrences": r.occurrences, "round_trip_mismatches": fuzzer.mismatches])
    }

    /// Process CPU time of `body`, in ms: unlike wall time it does not grow when other
    /// processes share the cores, so runs on a busy machine stay comparable.
    static func cpuMilliseconds(_ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
            return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1e6
        }
        let start = now()
        try body()
        return now() - start
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func day(_ text: String) throws -> Date {
        let p = text.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { throw ValidationError("dates are YYYY-MM-DD") }
        return Date(timeIntervalSince1970: TimeInterval(LocalDateTime(year: p[0], month: p[1], day: p[2]).wallSeconds))
    }

    /// `2026-03-02T09:00:00Z`, as the baseline prints it.
    static func iso(_ date: Date) -> String {
        let l = LocalDateTime(wallSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        func p(_ v: Int, _ n: Int = 2) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(p(l.year, 4))-\(p(l.month))-\(p(l.day))T\(p(l.hour)):\(p(l.minute)):\(p(l.second))Z"
    }
}

/// A small SHA-256 (FIPS 180-4), so the bench can print the same digest as the Python
/// baseline without another dependency.
struct SHA256Digest {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var data = message
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        let bits = UInt64(message.count) * 8
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] = UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
        }
        return h.map { v in
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }

    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
