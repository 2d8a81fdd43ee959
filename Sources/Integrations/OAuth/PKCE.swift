import Crypto
import Foundation
import Storage

/// RFC 7636 proof key: a random verifier and its S256 challenge.
public struct PKCE: Sendable, Hashable {
    public let verifier: String
    public var challenge: String { Self.challenge(for: verifier) }

    public init(verifier: String) {
        self.verifier = verifier
    }

    /// 43 base64url characters from 32 random bytes (the RFC's minimum length, full entropy).
    public static func generate() -> PKCE {
        PKCE(verifier: SecretToken.generate(prefix: ""))
    }

    /// BASE64URL(SHA256(ASCII(verifier))).
    public static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncodedString()
    }
}
