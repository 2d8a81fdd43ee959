import Foundation
import Integrations
import Logging
import Storage

/// Everything the server reads from the environment, with defaults that run on a fresh machine
/// (README "Configuration" lists the same variables).
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./perin-data"
    /// `postgres://…` switches to PostgreSQL; nil means SQLite in the data folder.
    public var databaseURL: String?
    public var publicURL = "http://localhost:8080"
    public var promptsDirectory = "Prompts"
    public var integrationsDirectory = "Integrations"
    public var encryptionKey: String?
    /// Names `encryptionKey` in sealed values; derived from the key when unset.
    public var encryptionKeyID: String?
    /// Google OAuth client and endpoints (`GOOGLE_*`, `GMAIL_API_BASE_URL`, …).
    public var google = GoogleConfiguration()
    public var logLevel: Logger.Level = .info
    public var rateLimits = RateLimits()
    /// How long in-flight requests may take to finish after SIGTERM/SIGINT.
    public var shutdownTimeout: Duration = .seconds(10)

    public struct RateLimits: Sendable, Equatable {
        public var chatPerMinute = 10
        public var memoryPerMinute = 20
        public var apiPerMinute = 300
        public var publicPerMinute = 60
        public var loginPerMinute = 10

        public init() {}
    }

    public init() {}

    /// The database the server will open.
    public var databaseLocation: DatabaseLocation {
        get throws {
            if let databaseURL, !databaseURL.isEmpty { return try DatabaseLocation(url: databaseURL) }
            return .sqliteFile(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("perin.sqlite").path)
        }
    }

    /// True when cookies must carry `Secure` (the server is reached over https).
    public var usesHTTPS: Bool { publicURL.lowercased().hasPrefix("https://") }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        var reader = EnvironmentReader(environment)
        configuration.host = reader.string("PERIN_HOST") ?? configuration.host
        configuration.port = try reader.integer("PORT", in: 0...65535) ?? configuration.port
        configuration.dataDirectory = reader.string("PERIN_DATA_DIR") ?? configuration.dataDirectory
        configuration.databaseURL = reader.string("DATABASE_URL")
        configuration.publicURL = reader.string("PERIN_PUBLIC_URL") ?? "http://localhost:\(configuration.port)"
        while configuration.publicURL.hasSuffix("/") { configuration.publicURL.removeLast() }
        configuration.promptsDirectory = reader.string("PROMPTS_DIR") ?? configuration.promptsDirectory
        configuration.integrationsDirectory = reader.string("PERIN_INTEGRATIONS_DIR") ?? configuration.integrationsDirectory
        configuration.encryptionKey = reader.string("PERIN_ENCRYPTION_KEY")
        if let key = configuration.encryptionKey, (try? TokenCipher(base64Key: key)) == nil {
            throw ConfigurationError("PERIN_ENCRYPTION_KEY must be base64 of exactly 32 bytes")
        }
        configuration.google = GoogleConfiguration.fromEnvironment(environment)
        if let level = reader.string("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
            configuration.logLevel = parsed
        }
        configuration.rateLimits.chatPerMinute = try reader.integer("PERIN_RATE_LIMIT_CHAT", in: 1...1_000_000) ?? configuration.rateLimits.chatPerMinute
        configuration.rateLimits.memoryPerMinute = try reader.integer("PERIN_RATE_LIMIT_MEMORY", in: 1...1_000_000) ?? configuration.rateLimits.memoryPerMinute
        configuration.rateLimits.apiPerMinute = try reader.integer("PERIN_RATE_LIMIT_API", in: 1...100_000_000) ?? configuration.rateLimits.apiPerMinute
        configuration.rateLimits.publicPerMinute = try reader.integer("PERIN_RATE_LIMIT_PUBLIC", in: 1...100_000_000) ?? configuration.rateLimits.publicPerMinute
        configuration.rateLimits.loginPerMinute = try reader.integer("PERIN_RATE_LIMIT_LOGIN", in: 1...1_000_000) ?? configuration.rateLimits.loginPerMinute
        if let seconds = try reader.integer("PERIN_SHUTDOWN_TIMEOUT", in: 0...3600) {
            configuration.shutdownTimeout = .seconds(seconds)
        }
        _ = try configuration.databaseLocation
        return configuration
    }
}

/// A configuration value that cannot be used; the message names the variable.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

struct EnvironmentReader {
    let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }
}
