import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

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
        // Carried in the context and added to each log line's metadata where one is written:
        // setting logger metadata here would re-render the handler's metadata on every request.
        context.requestID = requestID
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                // Log the type only: error descriptions from drivers may echo query parameters.
                context.logger.error("request failed", metadata: [
                    "request_id": .string(requestID), "error_type": .string(String(describing: type(of: error))),
                ])
            }
            response = apiError.makeResponse()
        }
        Self.addHeaders(to: &response.headers, requestID: requestID, path: request.head.path ?? "")
        return response
    }

    static func addHeaders(to headers: inout HTTPFields, requestID: String, path: String) {
        // Appended, not assigned: no handler sets these, and assignment would search first.
        headers.append(HTTPField(name: .xRequestID, value: requestID))
        headers.append(HTTPField(name: .xContentTypeOptions, value: "nosniff"))
        headers.append(HTTPField(name: .xFrameOptions, value: "DENY"))
        headers.append(HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"))
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
        return newRequestID()
    }

    /// 32 hex characters: 64 random bits drawn once per process, then a counter. Unique across
    /// processes and requests without a system call per request (ids need not be secret).
    static func newRequestID() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for (half, value) in [requestIDPrefix, UInt64(requestIDCounter.wrappingAdd(1, ordering: .relaxed).newValue)].enumerated() {
            var word = value
            for index in 0..<16 {
                out[half * 16 + 15 - index] = digits[Int(word & 0xf)]
                word >>= 4
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let requestIDPrefix = UInt64.random(in: .min ... .max)
    private static let requestIDCounter = Atomic<Int>(0)
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xRateLimitLimit = Self("X-RateLimit-Limit")!
    static let xRateLimitRemaining = Self("X-RateLimit-Remaining")!
    static let xRateLimitReset = Self("X-RateLimit-Reset")!
}
