import Crypto
import Foundation

/// Bearer secrets (API tokens, session ids, link tokens): 256 random bits shown once, stored
/// only as a SHA-256 hex digest, compared in constant time.
public enum SecretToken {
    /// A new secret: `prefix` + 43 base64url characters (32 bytes from the system CSPRNG).
    public static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64URLEncodedString()
    }

    /// Lowercase hex SHA-256 of the secret's UTF-8 bytes: what the database stores.
    public static func hash(_ secret: String) -> String {
        // Hex by table: this runs on every authenticated request.
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two strings without an early exit, so timing does not reveal a common prefix.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}

extension Data {
    /// RFC 4648 §5 base64url without padding.
    public func base64URLEncodedString() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
