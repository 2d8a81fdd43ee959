import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Outermost middleware: every response leaves through here, errors included.
///
/// It assigns the request id, turns any thrown error into the JSON error shape, and adds the
/// security headers, so a 404 or a 500 carries them exactly like a 200.
public struct ResponseEnvelopeMiddleware: RouterMiddleware {
    public typealias Context = PerinRequestContext

    /// Pages may load scripts and styles from this server only; nothing may frame them.
    static let htmlContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = Self.requestID(from: request)
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                // Log the type only: error descriptions from drivers may echo query parameters.
                context.logger.error("request failed", metadata: ["error_type": .string(String(describing: type(of: error)))])
            }
            response = apiError.makeResponse()
        }
        Self.addHeaders(to: &response.headers, requestID: requestID, path: request.head.path ?? "")
        return response
    }

    static func addHeaders(to headers: inout HTTPFields, requestID: String, path: String) {
        headers[.xRequestID] = requestID
        headers[.xContentTypeOptions] = "nosniff"
        headers[.xFrameOptions] = "DENY"
        headers[.referrerPolicy] = "strict-origin-when-cross-origin"
        if let contentType = headers[.contentType], contentType.hasPrefix("text/html") {
            headers[.contentSecurityPolicy] = htmlContentSecurityPolicy
        }
        if path.hasPrefix("/api/"), headers[.cacheControl] == nil {
            headers[.cacheControl] = "no-store"
        }
    }

    /// Keeps a caller's id when it is short and plain (so logs across services line up),
    /// otherwise makes a new one.
    static func requestID(from request: Request) -> String {
        if let incoming = request.headers[.xRequestID], (1...64).contains(incoming.utf8.count),
           incoming.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) {
            return incoming
        }
        return UUID().uuidString.lowercased()
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xRateLimitLimit = Self("X-RateLimit-Limit")!
    static let xRateLimitRemaining = Self("X-RateLimit-Remaining")!
    static let xRateLimitReset = Self("X-RateLimit-Reset")!
}
