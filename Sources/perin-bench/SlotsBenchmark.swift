import ArgumentParser

struct SlotsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "slots", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("the slots benchmark is not built yet")
    }
}
