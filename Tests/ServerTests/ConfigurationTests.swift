import Foundation
@testable import Server
import Storage
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test func defaultsRunOnAFreshMachine() throws {
        let configuration = try ServerConfiguration.fromEnvironment([:])
        #expect(configuration.port == 8080)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.dataDirectory == "./perin-data")
        #expect(try configuration.databaseLocation == .sqliteFile(path: URL(fileURLWithPath: "./perin-data").appendingPathComponent("perin.sqlite").path))
        #expect(configuration.publicURL == "http://localhost:8080")
        #expect(configuration.rateLimits.chatPerMinute == 10)
        #expect(configuration.rateLimits.memoryPerMinute == 20)
        #expect(!configuration.usesHTTPS)
    }

    @Test func environmentOverrides() throws {
        let configuration = try ServerConfiguration.fromEnvironment([
            "PORT": "9090", "DATABASE_URL": "postgres://perin:s%40cret@db.internal:5433/perin?sslmode=require",
            "PERIN_PUBLIC_URL": "https://perin.example.com/", "PERIN_RATE_LIMIT_CHAT": "3", "LOG_LEVEL": "DEBUG",
        ])
        #expect(configuration.port == 9090)
        #expect(configuration.publicURL == "https://perin.example.com")
        #expect(configuration.usesHTTPS)
        #expect(configuration.rateLimits.chatPerMinute == 3)
        #expect(configuration.logLevel == .debug)
        #expect(try configuration.databaseLocation == .postgres(host: "db.internal", port: 5433, username: "perin", password: "s@cret", database: "perin", tls: true))
    }

    @Test("bad values are refused with a message naming the variable", arguments: [
        ("PORT", "eighty", "PORT"), ("PORT", "70000", "PORT"), ("DATABASE_URL", "mysql://x/y", "DATABASE_URL"),
        ("PERIN_RATE_LIMIT_MEMORY", "0", "PERIN_RATE_LIMIT_MEMORY"), ("LOG_LEVEL", "loud", "LOG_LEVEL"),
    ])
    func badValues(name: String, value: String, mentioned: String) {
        do {
            _ = try ServerConfiguration.fromEnvironment([name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch {
            #expect(String(describing: error).contains(mentioned))
        }
    }

    @Test func dataFolderIsPrivateAndStable() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("perin-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = DataFolder(path: path)
        let first = try folder.prepare()
        let second = try folder.prepare()
        #expect(first == second)
        #expect(Data(base64Encoded: first.encryptionKey)?.count == 32)
        let folderMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let secretsMode = try FileManager.default.attributesOfItem(atPath: path + "/secrets.json")[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(secretsMode == 0o600)
        #expect(throws: ConfigurationError.self) { try DataFolder(path: "/dev/null").prepare() }
    }
}
