import Foundation
import HTTPTypes
import Hummingbird

/// Resolves the caller from `Authorization: Bearer …` or the session cookie. It never rejects a
/// request itself: routes that need a user sit behind `AuthenticatedContext`, which does.
enum RequestAuthentication {
    /// Sets the caller from a recently seen API token without suspending; false when the
    /// request needs `identify` (no token, a token not in the cache, or a session cookie).
    static func identifyFromCache(_ request: Request, in context: inout PerinRequestContext, with authenticator: Authenticator) -> Bool {
        guard let authorization = request.headers.value(.authorization), let token = bearerToken(authorization),
              let user = authenticator.cachedUser(forAPIToken: token) else { return false }
        context.user = user
        return true
    }

    static func identify(_ request: Request, in context: inout PerinRequestContext, with authenticator: Authenticator) async throws {
        if let authorization = request.headers.value(.authorization) {
            guard let token = Self.bearerToken(authorization) else {
                context.authenticationFailure = "the Authorization header must be 'Bearer <token>'"
                return
            }
            if let user = try await authenticator.user(forAPIToken: token) {
                context.user = user
            } else {
                context.authenticationFailure = "invalid or revoked API token"
            }
        } else if let session = request.cookies[Authenticator.sessionCookieName]?.value {
            if let user = try await authenticator.user(forSession: session) {
                context.user = user
            } else {
                context.authenticationFailure = "the session has expired; log in again"
            }
        }
    }

    /// `Bearer <token>` (scheme case-insensitive, RFC 7235) → token. Byte-level: this runs on
    /// every authenticated request.
    static func bearerToken(_ header: String) -> String? {
        var header = header
        return header.withUTF8 { bytes -> String? in
            let scheme: StaticString = "bearer"
            let length = scheme.utf8CodeUnitCount
            guard bytes.count > length + 1, bytes[length] == UInt8(ascii: " ") else { return nil }
            for index in 0..<length where bytes[index] | 0x20 != scheme.utf8Start[index] { return nil }
            var start = length + 1
            var end = bytes.count
            while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
            while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            return start < end ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) : nil
        }
    }
}
