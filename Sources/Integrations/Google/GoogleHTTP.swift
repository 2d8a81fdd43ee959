import AsyncHTTPClient
import Foundation
import LLM
import NIOCore
import NIOHTTP1

/// The one place Integrations talks HTTP: bounded bodies, a deadline per request, and every
/// failure turned into a `ServiceError` so the resilience layer can decide what to retry.
/// Nothing here logs URLs with query strings, headers or bodies (they carry tokens and mail).
public struct GoogleHTTP: Sendable {
    public struct Reply: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: Data
    }

    public let client: HTTPClient
    public var timeout: TimeAmount
    public var maxBodyBytes: Int

    public init(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(15), maxBodyBytes: Int = 8 << 20) {
        self.client = client
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }

    /// Sends the request; any status comes back as a `Reply` (the caller classifies it), only
    /// transport failures throw.
    public func send(_ method: HTTPMethod, _ url: String, bearer: String? = nil, contentType: String? = nil,
                     body: Data? = nil, service: String) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: maxBodyBytes)
            return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ServiceError(.timeout, "no answer in time", service: service)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(.network, "request failed", service: service)
        }
    }

    /// A JSON body decoded, or the error answer classified the way Google means it: 403 with a
    /// rate-limit reason is a rate limit (retry), other 401/403 are credentials.
    public func decode<T: Decodable>(_ type: T.Type, from reply: Reply, service: String) throws -> T {
        guard (200..<300).contains(reply.status) else { throw Self.classify(reply, service: service) }
        do {
            return try JSONDecoder().decode(T.self, from: reply.body)
        } catch {
            throw ServiceError(.invalidResponse, "unexpected response shape", statusCode: reply.status, service: service)
        }
    }

    public static func classify(_ reply: Reply, service: String) -> ServiceError {
        let envelope = try? JSONDecoder().decode(GoogleErrorEnvelope.self, from: reply.body)
        let reason = envelope?.error?.errors?.first?.reason
        let message = envelope?.error?.message
        var error = HTTPErrorClassifier.classify(
            status: reply.status, retryAfterHeader: reply.headers.first(name: "Retry-After"),
            errorCode: reason, serviceMessage: message, service: service
        )
        if reply.status == 403, let reason, ["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"].contains(reason) {
            error.category = .rateLimited
        }
        return error
    }

    /// `application/x-www-form-urlencoded` (RFC 6749 token requests).
    public static func form(_ fields: [(String, String)]) -> Data {
        Data(fields.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&").utf8)
    }

    /// Query string, values percent-encoded.
    public static func query(_ fields: [(String, String)]) -> String {
        fields.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// `{"error":{"code":403,"message":"…","errors":[{"reason":"rateLimitExceeded"}],"status":"…"}}`
struct GoogleErrorEnvelope: Decodable {
    struct Detail: Decodable {
        struct Item: Decodable { let reason: String? }
        let code: Int?
        let message: String?
        let errors: [Item]?
        let status: String?
    }
    let error: Detail?

    init(from decoder: any Decoder) throws {
        // OAuth endpoints answer `{"error":"invalid_grant",…}` instead: a string, not an object.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        error = try? container.decodeIfPresent(Detail.self, forKey: .error)
    }

    enum CodingKeys: String, CodingKey { case error }
}
