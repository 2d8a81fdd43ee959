import Foundation
import Hummingbird
import Integrations
import Logging
import ServiceLifecycle
import Storage

/// `perin serve`: prepare the data folder, open and migrate the database, run the HTTP server
/// until SIGTERM/SIGINT, then drain in-flight requests (bounded) and close the database.
public enum PerinServer {
    public static func run(configuration: ServerConfiguration) async throws {
        let logger: Logger = {
            var logger = Logger(label: "perin")
            logger.logLevel = configuration.logLevel
            return logger
        }()
        let secrets = try DataFolder(path: configuration.dataDirectory).prepare()
        // PERIN_ENCRYPTION_KEY wins; otherwise the key generated in the data folder seals tokens.
        var configuration = configuration
        if configuration.encryptionKey == nil {
            configuration.encryptionKey = secrets.encryptionKey
            configuration.encryptionKeyID = secrets.encryptionKeyID
        }
        let registry: ManifestRegistry
        do { registry = try ManifestRegistry.load(directory: configuration.integrationsDirectory) } catch {
            throw ConfigurationError(error.description)
        }
        let location = try configuration.databaseLocation
        let database = try await PerinDatabase(location: location, logger: logger)
        var perin = PerinApplication(configuration: configuration, database: database, logger: logger)
        perin.integrations = try IntegrationHub.make(configuration: configuration, database: database, registry: registry, logger: logger)
        perin.assistant = try AssistantRuntime.make(configuration: configuration, database: database, integrations: perin.integrations, logger: logger)
        let app = perin.buildApplication { channel in
            logger.notice("perin listening", metadata: [
                "address": .string(channel.localAddress?.description ?? "?"),
                "database": .string(database.kind.rawValue),
            ])
        }
        var groupConfiguration = ServiceGroupConfiguration(
            // Started in this order, stopped in reverse: the server drains before the database closes.
            services: [
                .init(service: database), .init(service: MigrateThenServe(database: database, app: app, logger: logger)),
                .init(service: ICSFeedRefreshService(refresher: perin.integrations.feedRefresher, interval: .seconds(900))),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        )
        // In-flight requests get this long to finish; then the group cancels them.
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        try await ServiceGroup(configuration: groupConfiguration).run()
    }
}

/// Migrates, then serves. The database service runs beside it in the same group, so the
/// PostgreSQL pool is up when the first migration query is sent, and no request is served
/// before the schema is current.
struct MigrateThenServe<App: ApplicationProtocol>: Service {
    let database: PerinDatabase
    let app: App
    let logger: Logger

    func run() async throws {
        let applied = try await MigrationRunner(database: database).migrate()
        if !applied.isEmpty {
            logger.notice("applied migrations", metadata: ["versions": .string(applied.map(String.init).joined(separator: ","))])
        }
        // `run()`, not `runService()`: the latter installs its own SIGTERM/SIGINT handlers and
        // group, which raced this group's ordered shutdown (the server could stop before its
        // turn, and the group then exited 1 for a service that "finished unexpectedly").
        try await app.run()
    }
}
