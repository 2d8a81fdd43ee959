import Foundation
import HTTPTypes
import Hummingbird

/// Resolves the caller from `Authorization: Bearer …` or the session cookie. It never rejects a
/// request itself: routes that need a user sit behind `AuthenticatedContext`, which does.
enum RequestAuthentication {
    /// What a request presents to say who is calling, read once per request.
    enum Credential {
        case none
        /// An `Authorization` header that is not `Bearer <token>`.
        case malformed
        case apiToken(String)
        case session(String)
    }

    static func credential(of request: Request) -> Credential {
        if let authorization = request.headers.value(.authorization) {
            return bearerToken(authorization).map(Credential.apiToken) ?? .malformed
        }
        return request.cookies[Authenticator.sessionCookieName].map { .session($0.value) } ?? .none
    }

    /// Sets the caller from an API token seen within the cache's lifetime, without suspending;
    /// false when `identify` has to look the credential up.
    static func identifyFromCache(_ credential: Credential, in context: inout PerinRequestContext, with authenticator: Authenticator) -> Bool {
        guard case .apiToken(let token) = credential, let user = authenticator.cachedUser(forAPIToken: token) else { return false }
        context.user = user
        return true
    }

    /// Sets the caller, or why the presented credential was refused.
    static func identify(_ credential: Credential, in context: inout PerinRequestContext, with authenticator: Authenticator) async throws {
        switch credential {
        case .none:
            return
        case .malformed:
            context.authenticationFailure = "the Authorization header must be 'Bearer <token>'"
        case .apiToken(let token):
            if let user = try await authenticator.user(forAPIToken: token) {
                context.user = user
            } else {
                context.authenticationFailure = "invalid or revoked API token"
            }
        case .session(let secret):
            if let user = try await authenticator.user(forSession: secret) {
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
