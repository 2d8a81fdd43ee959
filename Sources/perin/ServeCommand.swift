import ArgumentParser
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server (configuration from the environment; see README)."
    )

    func run() async throws {
        let configuration = try loadConfiguration()
        try await PerinServer.run(configuration: configuration)
    }
}

/// Reads the environment, turning a bad value into a clear CLI error (exit code 64).
func loadConfiguration() throws -> ServerConfiguration {
    do {
        return try ServerConfiguration.fromEnvironment()
    } catch {
        throw ValidationError("configuration: \(error)")
    }
}
