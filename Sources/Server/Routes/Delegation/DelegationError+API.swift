import Scheduling

extension DelegationError {
    /// The HTTP shape of a refusal. Messages are the guest-safe ones of `DelegationError`.
    var apiError: APIError {
        switch kind {
        case .invalid: APIError(.badRequest, code: code, message: message)
        case .notFound: APIError(.notFound, code: code, message: message)
        case .gone: APIError(.gone, code: code, message: message)
        case .refused: APIError(.unprocessableContent, code: code, message: message)
        case .conflict: APIError(.conflict, code: code, message: message)
        case .unavailable: APIError(.serviceUnavailable, code: code, message: message, headers: [.retryAfter: "5"])
        case .forbidden: APIError(.forbidden, code: code, message: message)
        }
    }
}

/// Runs a handler body, turning scheduling refusals into API errors.
func mappingDelegationErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as DelegationError {
        throw error.apiError
    }
}
