import Foundation
import PostgresNIO
import SQLKit
import SQLiteNIO

extension SQLRow {
    /// Decodes a record whose Swift property names are the camelCase of the snake_case columns.
    func record<T: Decodable>(_ type: T.Type) throws -> T {
        try decode(model: type, keyDecodingStrategy: .snakeCaseColumns)
    }
}

/// Database timestamps are kept to the millisecond so a value read back equals the value written
/// on both back ends (PostgreSQL stores microseconds, SQLite a double).
func storageNow() -> Date {
    Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
}

func newIdentifier() -> String {
    UUID().uuidString.lowercased()
}

/// Maps unique-constraint violations of either back end to `DatabaseError.conflict`.
func isUniqueViolation(_ error: any Error) -> Bool {
    if let error = error as? PSQLError {
        return error.serverInfo?[.sqlState] == "23505"
    }
    if let error = error as? SQLiteError {
        return error.reason == .constraintUniqueFailed
            || error.reason == .constraintPrimaryKeyFailed
    }
    return false
}
