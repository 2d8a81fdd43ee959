import ArgumentParser
import Server
import Storage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations and exit (safe to run repeatedly)."
    )

    func run() async throws {
        let configuration = try loadConfiguration()
        let applied = try await withDatabase(configuration) { database in
            try await MigrationRunner(database: database).migrate()
        }
        print(applied.isEmpty ? "database is up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}
