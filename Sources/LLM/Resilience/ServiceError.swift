/// A failed call to an outside service (a model server, Google, …), sorted into the
/// categories that decide what happens next: retry, wait, trip a breaker, or give up.
/// The description is safe for logs and metric labels: it never carries credentials.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Category: Sendable, Hashable, CustomStringConvertible {
        private enum Code: String, Sendable, Hashable {
            case rateLimited, timeout, authentication, contextTooLarge, invalidRequest
            case server, network, invalidResponse, circuitOpen
        }

        private let code: Code
        private init(_ code: Code) { self.code = code }

        /// 429: wait (honouring `Retry-After`) and retry.
        public static let rateLimited = Category(.rateLimited)
        /// Connect, first byte, idle gap or total deadline passed.
        public static let timeout = Category(.timeout)
        /// 401/403: the credentials are wrong; retrying cannot help.
        public static let authentication = Category(.authentication)
        /// The prompt is over the model's context window; the caller may trim and try once more.
        public static let contextTooLarge = Category(.contextTooLarge)
        /// Any other 4xx: the request itself is wrong.
        public static let invalidRequest = Category(.invalidRequest)
        /// 5xx.
        public static let server = Category(.server)
        /// Connection refused, reset or cut mid-body.
        public static let network = Category(.network)
        /// The service answered something we cannot read.
        public static let invalidResponse = Category(.invalidResponse)
        /// The circuit breaker for this endpoint is open; no call was made.
        public static let circuitOpen = Category(.circuitOpen)

        public var description: String { code.rawValue }

        /// Worth another attempt after a pause.
        public var isRetryable: Bool {
            switch code {
            case .rateLimited, .timeout, .server, .network, .invalidResponse: true
            case .authentication, .contextTooLarge, .invalidRequest, .circuitOpen: false
            }
        }

        /// Says something about the endpoint's health, so it counts toward opening a breaker.
        /// Caller mistakes (bad key, too long a prompt, bad request) do not.
        public var countsAsEndpointFailure: Bool {
            switch code {
            case .rateLimited, .timeout, .server, .network, .invalidResponse: true
            case .authentication, .contextTooLarge, .invalidRequest, .circuitOpen: false
            }
        }
    }

    public var category: Category
    /// A short, log-safe explanation.
    public var message: String
    /// HTTP status, when the service answered with one.
    public var statusCode: Int?
    /// From a `Retry-After` header.
    public var retryAfter: Duration?
    /// Which service or endpoint failed, e.g. "openai".
    public var service: String?

    public init(
        _ category: Category,
        _ message: String,
        statusCode: Int? = nil,
        retryAfter: Duration? = nil,
        service: String? = nil
    ) {
        self.category = category
        self.message = message
        self.statusCode = statusCode
        self.retryAfter = retryAfter
        self.service = service
    }

    public var isRetryable: Bool { category.isRetryable }

    public var description: String {
        var text = service.map { "\($0): " } ?? ""
        text += "\(category)"
        if let statusCode { text += " (HTTP \(statusCode))" }
        text += ": \(message)"
        return text
    }
}
