import ArgumentParser

/// `perin-bench`: every benchmark prints JSON lines on stdout so runs can be compared and
/// recorded (see README "Benchmarks"). Each subcommand lives in its own file.
@main
struct PerinBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perin-bench",
        abstract: "Perin benchmarks; each prints JSON lines.",
        subcommands: [
            HTTPBenchmark.self,
            GraphBenchmark.self,
            LLMBenchmark.self,
            ICalBenchmark.self,
            SlotsBenchmark.self,
            BookingBenchmark.self,
            ChatBenchmark.self,
        ]
    )
}
