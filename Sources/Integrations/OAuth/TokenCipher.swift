import Crypto
import Foundation

/// Seals tokens for storage with AES-256-GCM. A sealed value is `v1:<keyID>:<base64 nonce‖ciphertext‖tag>`,
/// so after a key rotation old values still name the key that opens them. The associated data
/// binds a value to its row purpose (e.g. `user|type|access`), so a ciphertext copied into
/// another user's row does not open.
public struct TokenCipher: Sendable {
    public let currentKeyID: String
    /// Raw key bytes by id (`SymmetricKey` is not `Sendable`; one is made per use).
    private let keys: [String: Data]

    /// - Parameters:
    ///   - current: (key id, 32-byte key) used to seal.
    ///   - previous: older keys still accepted for opening.
    public init(currentKeyID: String, key: SymmetricKey, previous: [String: SymmetricKey] = [:]) {
        self.currentKeyID = currentKeyID
        var keys = previous.mapValues { $0.withUnsafeBytes { Data($0) } }
        keys[currentKeyID] = key.withUnsafeBytes { Data($0) }
        self.keys = keys
    }

    /// From base64 text (`PERIN_ENCRYPTION_KEY` or `secrets.json`). Without a key id, one is
    /// derived from the key, so a changed key gets a new id.
    public init(base64Key: String, keyID: String? = nil) throws(TokenCipherError) {
        guard let data = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw TokenCipherError("the encryption key must be base64 of exactly 32 bytes")
        }
        let id = keyID ?? "k" + SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
        self.init(currentKeyID: id, key: SymmetricKey(data: data))
    }

    /// A random key that lives as long as the process (tests, in-memory use).
    public static func ephemeral() -> TokenCipher {
        TokenCipher(currentKeyID: "ephemeral", key: SymmetricKey(size: .bits256))
    }

    public func seal(_ plaintext: String, context: String) throws -> String {
        guard let key = keys[currentKeyID].map(SymmetricKey.init(data:)) else { throw TokenCipherError("no current key") }
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw TokenCipherError("sealing failed") }
        return "v1:\(currentKeyID):\(combined.base64EncodedString())"
    }

    public func open(_ sealed: String, context: String) throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let key = keys[String(parts[1])].map(SymmetricKey.init(data:)),
              let data = Data(base64Encoded: String(parts[2])) else {
            throw TokenCipherError("sealed with an unknown key or damaged")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(context.utf8)), as: UTF8.self)
        } catch {
            throw TokenCipherError("cannot be opened with its key")
        }
    }
}

/// A sealed value that cannot be made or opened; the message never carries key or plaintext.
public struct TokenCipherError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
