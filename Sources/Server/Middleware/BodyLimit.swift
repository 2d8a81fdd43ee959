import HTTPTypes
import Hummingbird

/// Refuses a declared body over the limit before reading any of it. Chunked bodies without a
/// length are capped where they are collected (`PerinRequestContext.maxUploadSize`).
enum BodyLimit {
    static func check(_ request: Request, limit: Int = PerinLimits.maxBodyBytes) throws {
        if let declared = request.headers.value(.contentLength).flatMap(Int.init), declared > limit {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "request bodies are limited to \(limit) bytes")
        }
    }
}
