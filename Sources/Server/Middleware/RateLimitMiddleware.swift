import HTTPTypes
import Hummingbird

/// A context that knows whom to count a request against.
public protocol RateLimitSubjectProviding: RequestContext {
    var rateLimitSubject: String { get }
}

extension PerinRequestContext: RateLimitSubjectProviding {
    /// Public routes count per client IP (a signed-in caller still counts per user). A user id
    /// (a UUID) can never read as an IP address, so the two need no prefix.
    public var rateLimitSubject: String { user?.id ?? clientIP }
}

extension AuthenticatedContext: RateLimitSubjectProviding {
    public var rateLimitSubject: String { user.id }
}

/// Applies one policy to a route group and reports it in `X-RateLimit-*` headers; over the
/// limit the answer is 429 with `Retry-After`.
public struct RateLimitMiddleware<Context: RateLimitSubjectProviding>: RouterMiddleware {
    let limiter: RateLimiter
    let policy: RateLimitPolicy
    /// `X-RateLimit-Limit` never changes for a policy: built once.
    let limitField: HTTPField

    public init(limiter: RateLimiter, policy: RateLimitPolicy) {
        self.limiter = limiter
        self.policy = policy
        self.limitField = HTTPField(name: .xRateLimitLimit, value: String(policy.limit))
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let decision = limiter.check(policy, subject: context.rateLimitSubject)
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        headers.append(limitField)
        headers.append(HTTPField(name: .xRateLimitRemaining, value: String(decision.remaining)))
        headers.append(HTTPField(name: .xRateLimitReset, value: String(decision.resetSeconds)))
        guard decision.allowed else {
            headers[.retryAfter] = String(max(1, decision.resetSeconds))
            throw APIError(
                .tooManyRequests, code: "rate_limited",
                message: "too many \(policy.bucket) requests; try again in \(max(1, decision.resetSeconds)) s", headers: headers
            )
        }
        do {
            var response = try await next(request, context)
            Self.merge(headers, into: &response.headers)
            return response
        } catch {
            var apiError = APIError.from(error)
            Self.merge(headers, into: &apiError.headers)
            throw apiError
        }
    }

    /// Where two limits apply (the `api` group and the narrower `memory` group inside it), the
    /// client sees the one closest to running out.
    static func merge(_ mine: HTTPFields, into headers: inout HTTPFields) {
        guard headers.contains(.xRateLimitRemaining) else {
            // Room for these and the envelope's fields in one allocation.
            headers.reserveCapacity(headers.count + mine.count + 6)
            headers.append(contentsOf: mine)
            return
        }
        if let existing = headers[.xRateLimitRemaining].flatMap(Int.init),
           let remaining = mine[.xRateLimitRemaining].flatMap(Int.init),
           existing <= remaining {
            return
        }
        for field in mine { headers[field.name] = field.value }
    }
}
