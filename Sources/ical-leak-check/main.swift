import Foundation
import ICalendar
import ICalendarFuzzing

// Usage: ical-leak-check SEED_DIR SECONDS
// Runs the parse → expand → write → re-parse fuzz loop over the seeds, synchronously (no async
// runtime, so valgrind sees only libical and the wrapper), then one plain expansion per seed.
let arguments = CommandLine.arguments
guard arguments.count == 3, let seconds = Double(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: ical-leak-check SEED_DIR SECONDS\n".utf8))
    exit(64)
}
let directory = arguments[1]
let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".ics") }.sorted() ?? []
let seeds = names.compactMap { try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0)) }.map { Array($0) }
guard !seeds.isEmpty else {
    FileHandle.standardError.write(Data("no .ics seeds in \(directory)\n".utf8))
    exit(66)
}
var fuzzer = ParserFuzzer(state: 0x2545_F491_4F6C_DD1D, seeds: seeds)
let result = fuzzer.run(seconds: seconds)
var expanded = 0
for seed in seeds {
    if let calendar = try? VCalendar(parsing: Data(seed)) {
        expanded += (try? calendar.occurrences(from: Date(timeIntervalSince1970: 1_767_225_600), to: Date(timeIntervalSince1970: 1_798_761_600)).count) ?? 0
    }
}
print("ical-leak-check: \(result.iterations) inputs, \(result.parsed) parsed, \(result.occurrences + expanded) occurrences")
