import Foundation
import LLM
import NIOHTTP1

/// An authorized call to a Google API for one owner's connection: the access token from the
/// `TokenManager`, one refresh-and-retry on 401, and retries (429, 403 rate limit, 5xx,
/// timeouts) and the circuit breaker from the LLM module's resilience layer.
public struct GoogleAPI: Sendable {
    public let http: GoogleHTTP
    public let tokens: TokenManager
    public let breakers: CircuitBreakerRegistry
    public var policy: RetryPolicy
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(http: GoogleHTTP, tokens: TokenManager, breakers: CircuitBreakerRegistry, policy: RetryPolicy = .default,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.http = http
        self.tokens = tokens
        self.breakers = breakers
        self.policy = policy
        self.sleep = sleep
    }

    /// Sends the request and returns the successful reply (2xx), or throws: `ServiceError` for
    /// provider failures, `IntegrationError(.needsReauth)` when the account must reconnect.
    /// `acceptStatus` lets a caller take a non-2xx answer itself (404 → not found, 409 → exists).
    public func send(userID: String, type: String, _ method: HTTPMethod, _ url: String, json: Data? = nil,
                     acceptStatus: Set<Int> = []) async throws -> GoogleHTTP.Reply {
        let resilience = ResilientCall(breaker: breakers.breaker(named: type), policy: policy, sleep: sleep)
        var token = try await tokens.accessToken(userID: userID, type: type)
        var refreshed = false
        return try await resilience.run { _ in
            var reply = try await http.send(method, url, bearer: token, contentType: json == nil ? nil : "application/json", body: json, service: type)
            if reply.status == 401 && !refreshed {
                // The token was revoked or expired early: refresh once, then try again.
                refreshed = true
                token = try await tokens.accessToken(userID: userID, type: type, rejected: token)
                reply = try await http.send(method, url, bearer: token, contentType: json == nil ? nil : "application/json", body: json, service: type)
            }
            guard (200..<300).contains(reply.status) || acceptStatus.contains(reply.status) else {
                throw GoogleHTTP.classify(reply, service: type)
            }
            return reply
        }
    }

    /// `send` and decode the JSON body.
    public func json<T: Decodable>(_ type: T.Type, userID: String, integration: String, _ method: HTTPMethod, _ url: String,
                                   body: Data? = nil) async throws -> T {
        let reply = try await send(userID: userID, type: integration, method, url, json: body)
        return try http.decode(T.self, from: reply, service: integration)
    }
}
