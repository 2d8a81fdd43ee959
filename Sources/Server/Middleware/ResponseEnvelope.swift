import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// What every response carries, errors included: the request id and the security headers,
/// and the JSON error shape for anything thrown (`FrontDoorMiddleware` applies them).
enum ResponseEnvelope {
    /// Pages may load scripts and styles from this server only; nothing may frame them.
    static let htmlContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    /// The JSON error shape for `error`; a 5xx is logged by type only (error descriptions
    /// from drivers may echo query parameters).
    static func errorResponse(_ error: any Error, requestID: String, logger: Logger) -> Response {
        let apiError = APIError.from(error)
        if apiError.status.code >= 500 {
            logger.error("request failed", metadata: [
                "request_id": .string(requestID), "error_type": .string(String(describing: type(of: error))),
            ])
        }
        return apiError.makeResponse()
    }

    static func addHeaders(to headers: inout HTTPFields, requestID: String, path: String) {
        // Appended, not assigned: no handler sets these, and assignment would search first.
        // The constant fields are built once: building a field validates its value.
        headers.reserveCapacity(headers.count + 6)
        headers.append(HTTPField(name: .xRequestID, value: requestID))
        headers.append(contentsOf: securityFields)
        if let contentType = headers.value(.contentType), contentType.hasPrefix("text/html") {
            headers[.contentSecurityPolicy] = htmlContentSecurityPolicy
        }
        if path.hasPrefix("/api/"), !headers.contains(.cacheControl) {
            headers.append(noStore)
        }
    }

    private static let securityFields = [
        HTTPField(name: .xContentTypeOptions, value: "nosniff"),
        HTTPField(name: .xFrameOptions, value: "DENY"),
        HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"),
    ]
    private static let noStore = HTTPField(name: .cacheControl, value: "no-store")

    /// Keeps a caller's id when it is short and plain (so logs across services line up),
    /// otherwise makes a new one.
    static func requestID(from request: Request) -> String {
        if let incoming = request.headers.value(.xRequestID), (1...64).contains(incoming.utf8.count),
           incoming.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) {
            return incoming
        }
        return newRequestID()
    }

    /// 32 hex characters: 64 random bits drawn once per process, then a counter. Unique across
    /// processes and requests without a system call per request (ids need not be secret).
    static func newRequestID() -> String {
        let words = (requestIDPrefix, UInt64(requestIDCounter.wrappingAdd(1, ordering: .relaxed).newValue))
        return String(unsafeUninitializedCapacity: 32) { out in
            func write(_ value: UInt64, at offset: Int) {
                var word = value
                for index in 0..<16 {
                    out[offset + 15 - index] = hexDigits[Int(word & 0xf)]
                    word >>= 4
                }
            }
            write(words.0, at: 0)
            write(words.1, at: 16)
            return 32
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
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
