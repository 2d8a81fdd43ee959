import ArgumentParser

struct ICalBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ical", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("the ical benchmark is not built yet")
    }
}
