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

    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
