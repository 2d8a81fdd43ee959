import Logging
import Server
import Storage

/// Opens the configured database for a one-off command, runs `body`, and closes it.
func withDatabase<T: Sendable>(_ configuration: ServerConfiguration, migrate: Bool = false, _ body: (PerinDatabase) async throws -> T) async throws -> T {
    var logger = Logger(label: "perin")
    // Errors reach the user as the command's own message; driver chatter would only confuse.
    logger.logLevel = .error
    _ = try DataFolder(path: configuration.dataDirectory).prepare()
    let database = try await PerinDatabase(location: try configuration.databaseLocation, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await database.run() }
        defer { group.cancelAll() }
        if migrate { try await MigrationRunner(database: database).migrate() }
        return try await body(database)
    }
}
