import HTTPTypes
import Hummingbird

/// Refuses a declared body over the limit before reading any of it. Chunked bodies without a
/// length are capped where they are collected (`PerinRequestContext.maxUploadSize`).
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = PerinRequestContext
    let limit: Int

    public init(limit: Int = PerinLimits.maxBodyBytes) {
        self.limit = limit
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "request bodies are limited to \(limit) bytes")
        }
        return try await next(request, context)
    }
}
