import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        // Created with mode 0600 by open(2) itself: never a moment where the key is readable by
        // others. O_EXCL: two processes starting at once cannot both write a different key.
        let descriptor = open(secretsURL.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return try prepare() }
            throw ConfigurationError("cannot create \(secretsURL.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(descriptor) == 0 else {
            throw ConfigurationError("cannot write \(secretsURL.path)")
        }
        return secrets
    }
}
