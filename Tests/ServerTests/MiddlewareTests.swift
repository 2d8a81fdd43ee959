import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PerinTesting
@testable import Server
import Storage
import Testing

struct Boom: Error {}

@Suite("Middleware")
struct MiddlewareTests {
    static func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.headers[.xContentTypeOptions] == "nosniff", sourceLocation: sourceLocation)
        #expect(response.headers[.xFrameOptions] == "DENY", sourceLocation: sourceLocation)
        #expect(response.headers[.referrerPolicy] == "strict-origin-when-cross-origin", sourceLocation: sourceLocation)
        #expect(response.headers[.xRequestID]?.isEmpty == false, sourceLocation: sourceLocation)
    }

    @Test("security headers and the error shape on 200, 404 and 500 responses")
    func securityHeaders() async throws {
        try await ServerHarness.withServer(.sqlite, routes: { router in
            router.get("/test/boom") { _, _ -> Response in throw Boom() }
        }) { server in
            let ok = try await server.request(.get, "/api/health")
            #expect(ok.status == .ok)
            Self.expectSecurityHeaders(ok)

            let missing = try await server.request(.get, "/no/such/route")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            Self.expectSecurityHeaders(missing)

            let failed = try await server.request(.get, "/test/boom")
            #expect(failed.status == .internalServerError)
            #expect(failed.errorCode == "internal_error")
            #expect(!failed.text.contains("Boom"), "internal error details stay in the server")
            Self.expectSecurityHeaders(failed)

            let page = try await server.request(.get, "/login")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            Self.expectSecurityHeaders(page)
        }
    }

    @Test("a caller's plain request id is echoed; a hostile one is replaced")
    func requestID() async throws {
        try await ServerHarness.withServer(.sqlite) { server in
            let echoed = try await server.request(.get, "/api/health", headers: [.xRequestID: "abc-123_DEF"])
            #expect(echoed.headers[.xRequestID] == "abc-123_DEF")
            let replaced = try await server.request(.get, "/api/health", headers: [.xRequestID: "bad id\u{7f}<script>"])
            #expect(replaced.headers[.xRequestID] != "bad id\u{7f}<script>")
            #expect(replaced.headers[.xRequestID]?.count == 32)
            let another = try await server.request(.get, "/api/health")
            #expect(another.headers[.xRequestID]?.count == 32)
            #expect(another.headers[.xRequestID] != replaced.headers[.xRequestID], "each request gets its own id")
        }
    }

    @Test("bodies over 1 MiB get 413 and nothing is written", arguments: TestDatabases.kinds)
    func bodyLimit(kind: DatabaseKind) async throws {
        try await ServerHarness.withServer(kind) { server in
            let (_, token) = try await server.makeUser("big@example.com")
            let content = String(repeating: "a", count: PerinLimits.maxBodyBytes)
            let big = try await server.request(.post, "/api/ai/memory", token: token, json: #"{"key":"k","content":"\#(content)"}"#)
            #expect(big.status == .contentTooLarge)
            #expect(big.errorCode == "payload_too_large")
            Self.expectSecurityHeaders(big)
            let list = try await server.request(.get, "/api/ai/memory", token: token)
            #expect((list.json["memories"] as? [Any])?.count == 0)
        }
    }

    @Test("malformed JSON gets 400 with the error shape and nothing is written", arguments: TestDatabases.kinds)
    func malformedJSON(kind: DatabaseKind) async throws {
        try await ServerHarness.withServer(kind) { server in
            let (_, token) = try await server.makeUser("json@example.com")
            for body in [#"{"key":"a","content":"#, #"{"key":1,"content":"x"}"#, #"{"content":"no key"}"#, "", "[]"] {
                let response = try await server.request(.post, "/api/ai/memory", token: token, json: body)
                #expect(response.status == .badRequest, "body: \(body)")
                #expect(response.errorCode == "invalid_json", "body: \(body)")
            }
            let outOfRange = try await server.request(.post, "/api/ai/memory", token: token, json: #"{"key":"a","content":"x","importance":7}"#)
            #expect(outOfRange.status == .badRequest)
            #expect(outOfRange.errorCode == "bad_request")
            let list = try await server.request(.get, "/api/ai/memory", token: token)
            #expect((list.json["memories"] as? [Any])?.count == 0)
        }
    }

    @Test("rate limits: headers on every answer, 429 with Retry-After past the limit, per user")
    func rateLimit() async throws {
        var configuration = ServerHarness.testConfiguration()
        configuration.rateLimits.memoryPerMinute = 3
        try await ServerHarness.withServer(.sqlite, configuration: configuration) { server in
            let (_, alice) = try await server.makeUser("rl-a@example.com")
            let (_, bob) = try await server.makeUser("rl-b@example.com")
            var remaining: [String] = []
            for _ in 0..<3 {
                let response = try await server.request(.get, "/api/ai/memory", token: alice)
                #expect(response.status == .ok)
                #expect(response.headers[.xRateLimitLimit] == "3")
                remaining.append(response.headers[.xRateLimitRemaining] ?? "?")
                #expect(Int(response.headers[.xRateLimitReset] ?? "") ?? -1 >= 0)
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try await server.request(.get, "/api/ai/memory", token: alice)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.headers[.xRateLimitRemaining] == "0")
            Self.expectSecurityHeaders(limited)
            // Bob has his own budget; other routes have their own bucket.
            #expect(try await server.request(.get, "/api/ai/memory", token: bob).status == .ok)
            #expect(try await server.request(.get, "/api/me", token: alice).status == .ok)
        }
    }

    @Test func rateLimiterWindowsReset() {
        let clock = ManualClock(start: 1_000_040)
        let limiter = RateLimiter(now: { clock.now })
        let policy = RateLimitPolicy(bucket: "chat", limit: 2)
        #expect(limiter.check(policy, subject: "u").allowed)
        let second = limiter.check(policy, subject: "u")
        #expect(second.allowed && second.remaining == 0 && second.resetSeconds == 40)
        #expect(!limiter.check(policy, subject: "u").allowed)
        clock.now = 1_000_081
        #expect(limiter.check(policy, subject: "u").allowed)
    }
}

final class ManualClock: @unchecked Sendable {
    // Test-only: mutated from the test's own task, read by the limiter on the same task.
    var now: TimeInterval
    init(start: TimeInterval) { now = start }
}

@Suite("Bearer header parsing")
struct BearerParsingTests {
    @Test(arguments: [
        ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER  abc  ", "abc"), ("Bearer", nil), ("Bearer ", nil),
        ("Basic abc", nil), ("Bearerabc", nil), ("Bearer a b", "a b"),
    ] as [(String, String?)])
    func parse(header: String, token: String?) {
        #expect(RequestAuthentication.bearerToken(header) == token)
    }
}
