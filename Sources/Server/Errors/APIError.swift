import Foundation
import HTTPTypes
import Hummingbird

/// The one error shape clients see: `{"error":{"code":"…","message":"…"}}`.
///
/// Messages are written for the client and never include secrets or internal details; anything
/// unexpected becomes a plain 500 `internal_error` (and is logged with the request id).
public struct APIError: HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(.badRequest, code: code, message: message)
    }

    public static func unauthorized(_ message: String = "authentication required") -> APIError {
        APIError(.unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    public static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message: message)
    }

    public static func notFound(_ message: String = "not found") -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    public static func conflict(_ message: String, code: String = "conflict") -> APIError {
        APIError(.conflict, code: code, message: message)
    }

    public static func internalError() -> APIError {
        APIError(.internalServerError, code: "internal_error", message: "the server failed to handle this request")
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        makeResponse()
    }

    /// Builds the JSON response without needing a request (used by the outermost middleware).
    public func makeResponse() -> Response {
        struct Body: Encodable {
            struct Detail: Encodable {
                let code: String
                let message: String
            }
            let error: Detail
        }
        let data = (try? JSONEncoder().encode(Body(error: .init(code: code, message: message)))) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError {
    /// Maps any error to what the client may see. Hummingbird's own `HTTPError`s (404 for an
    /// unknown route, 413 from body collection, 400 from decoding) keep their status and message.
    static func from(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? HTTPError {
            return APIError(error.status, code: Self.code(for: error.status), message: error.body ?? error.status.reasonPhrase, headers: error.headers)
        }
        if let error = error as? any HTTPResponseError {
            return APIError(error.status, code: Self.code(for: error.status), message: error.status.reasonPhrase)
        }
        if error is DecodingError {
            return .badRequest("the request body is not valid JSON for this endpoint", code: "invalid_json")
        }
        return .internalError()
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 410: "gone"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "unprocessable"
        case 429: "rate_limited"
        case 501: "not_implemented"
        case 503: "unavailable"
        default: status.code >= 500 ? "internal_error" : "error"
        }
    }
}
