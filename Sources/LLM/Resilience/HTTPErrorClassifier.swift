#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Turns an HTTP error answer (status, `Retry-After`, body) into a `ServiceError`. Pure, so
/// every integration that calls an HTTP API classifies the same way.
public enum HTTPErrorClassifier {
    /// - Parameters:
    ///   - errorCode: the service's machine code from the body, e.g. `context_length_exceeded`.
    ///   - serviceMessage: the service's own message; trimmed, never includes our request.
    public static func classify(
        status: Int,
        retryAfterHeader: String?,
        errorCode: String?,
        serviceMessage: String?,
        service: String?,
        now: Date = Date()
    ) -> ServiceError {
        let detail = serviceMessage.map { String($0.prefix(300)) } ?? "HTTP \(status)"
        let category: ServiceError.Category
        switch status {
        case 401, 403:
            category = .authentication
        case 429:
            category = .rateLimited
        case 413:
            category = .contextTooLarge
        case 408:
            category = .timeout
        case 400..<500 where isContextLengthError(code: errorCode, message: serviceMessage):
            category = .contextTooLarge
        case 400..<500:
            category = .invalidRequest
        case 500..<600:
            category = .server
        default:
            category = .invalidResponse
        }
        return ServiceError(
            category,
            detail,
            statusCode: status,
            retryAfter: retryAfterHeader.flatMap { parseRetryAfter($0, now: now) },
            service: service
        )
    }

    /// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
    public static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = String(value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        if let seconds = Double(trimmed), seconds >= 0 {
            return .milliseconds(Int64(seconds * 1000))
        }
        guard let date = httpDate(trimmed) else { return nil }
        let interval = max(0, date.timeIntervalSince(now))
        return .milliseconds(Int64(interval * 1000))
    }

    static func isContextLengthError(code: String?, message: String?) -> Bool {
        if code == "context_length_exceeded" || code == "string_above_max_length" { return true }
        guard let message = message?.lowercased() else { return false }
        // llama.cpp, vLLM and Ollama say it in words rather than with a code.
        return message.contains("context length") || message.contains("context window")
            || message.contains("maximum context") || message.contains("too many tokens")
            || message.contains("exceeds the context")
    }

    /// IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    private static func httpDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT",
              let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(of: String(parts[2])) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        // Days from civil date (Howard Hinnant's algorithm) keeps this free of Calendar.
        let month = monthIndex + 1
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + time[0] * 3600 + time[1] * 60 + time[2]
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
