/// Errors from opening or using the database. The description never carries credentials.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case invalidURL
        case unavailable
        case migrationFailed
        case conflict
        case notFound
        case closed
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "database \(code.rawValue): \(message)" }
}
