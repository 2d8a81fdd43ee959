import Foundation
import HTTPTypes
import Hummingbird

/// Resolves the caller from `Authorization: Bearer …` or the session cookie. It never rejects a
/// request itself: routes that need a user sit behind `AuthenticatedContext`, which does.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = PerinRequestContext
    let authenticator: Authenticator

    public init(authenticator: Authenticator) {
        self.authenticator = authenticator
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            guard let token = Self.bearerToken(authorization) else {
                context.authenticationFailure = "the Authorization header must be 'Bearer <token>'"
                return try await next(request, context)
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
        return try await next(request, context)
    }

    /// `Bearer <token>` (scheme case-insensitive, RFC 7235) → token. Byte-level: this runs on
    /// every authenticated request.
    static func bearerToken(_ header: String) -> String? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count + 1, bytes[scheme.count] == UInt8(ascii: " ") else { return nil }
        for index in 0..<scheme.count where bytes[index] | 0x20 != scheme[index] { return nil }
        var start = scheme.count + 1
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return start < end ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
    }
}
