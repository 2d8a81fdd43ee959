import Crypto
import Foundation

/// The data folder: the SQLite file and the secrets generated on first start.
///
/// The folder is created with mode 0700 and `secrets.json` with 0600, so only the owner of the
/// server process can read the encryption key.
public struct DataFolder: Sendable {
    public let path: String

    public struct Secrets: Codable, Sendable, Equatable {
        /// Base64 of 32 random bytes: the AES-GCM key for tokens at rest.
        public var encryptionKey: String
        /// Names the key so ciphertexts can say which key sealed them (rotation).
        public var encryptionKeyID: String
    }

    public init(path: String) {
        self.path = path
    }

    var secretsURL: URL { URL(fileURLWithPath: path).appendingPathComponent("secrets.json") }

    /// Creates the folder when missing and returns its secrets, generating them on first start.
    public func prepare() throws -> Secrets {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigurationError("PERIN_DATA_DIR '\(path)' exists and is not a folder") }
        } else {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if manager.fileExists(atPath: secretsURL.path) {
            let data = try Data(contentsOf: secretsURL)
            do {
                return try JSONDecoder().decode(Secrets.self, from: data)
            } catch {
                throw ConfigurationError("\(secretsURL.path) is not valid; restore it from a backup (tokens sealed with its key cannot be read without it)")
            }
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let secrets = Secrets(encryptionKey: key.base64EncodedString(), encryptionKeyID: "k1")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(secrets)
        // Create with 0600 from the start: never a moment where the key is world-readable.
        guard manager.createFile(atPath: secretsURL.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write \(secretsURL.path)")
        }
        return secrets
    }
}
