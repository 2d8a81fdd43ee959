import Foundation
import HTTPTypes
import Hummingbird

/// Encodes a value as the JSON body of a response (dates ISO 8601, keys as declared).
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try encoder.encode(value)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    /// Decodes a JSON body into `T`, answering 400 `invalid_json` with a readable reason when
    /// the body is not JSON or does not fit (instead of a bare decoding error).
    func decodeJSON<T: Decodable>(as type: T.Type, context: some RequestContext) async throws -> T {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("a JSON body is required", code: "invalid_json") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.badRequest("missing field '\(key.stringValue)'", code: "invalid_json")
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError.badRequest("wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'", code: "invalid_json")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError.badRequest("missing value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'", code: "invalid_json")
        } catch {
            throw APIError.badRequest("the request body is not valid JSON", code: "invalid_json")
        }
    }
}
