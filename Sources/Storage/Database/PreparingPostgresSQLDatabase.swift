import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// SQLKit on one PostgreSQL connection that runs the statements this process repeats as named
/// prepared statements, so PostgreSQL parses and plans each of them once per connection instead
/// of on every call (on the booking path that was a third of the server's CPU). Everything else —
/// rare statements, binds without a direct PostgreSQL encoding — takes PostgresKit's usual path.
struct PreparingPostgresSQLDatabase: SQLDatabase {
    let connection: PostgresConnection
    let plain: any SQLDatabase
    let statements: PreparedStatementRegistry

    init(connection: PostgresConnection, statements: PreparedStatementRegistry) {
        self.connection = connection
        self.plain = connection.sql(queryLogLevel: nil)
        self.statements = statements
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { plain.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        plain.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType] = []
        types.reserveCapacity(binds.count)
        for bind in binds {
            // The two cases PostgresKit encodes directly (a casting Optional.some unwraps);
            // anything else goes its way.
            if let value = bind as? any PostgresThrowingDynamicTypeEncodable {
                try bindings.append(value)
                types.append(value.psqlType)
            } else if (bind as? any OptionalValue)?.isNone == true {
                bindings.appendNull()
                types.append(.null)
            } else {
                return try await plain.execute(sql: query, onRow)
            }
        }
        guard let name = statements.name(sql: sql, types: types) else {
            return try await runUnprepared(sql, bindings, onRow)
        }
        do {
            try await PreparedStatementRegistry.$current.withValue(.init(name: name, sql: sql, types: types)) {
                for try await row in try await connection.execute(RegisteredStatement(bindings: bindings), logger: logger) {
                    onRow(row.sql())
                }
            }
        } catch let error as PSQLError where Self.isStalePlan(error) {
            // A table under the statement changed shape since it was prepared (another instance
            // migrated during a rolling upgrade): PostgreSQL refuses the cached plan. The text is
            // prepared afresh under a new name from now on, and this call runs unprepared (inside
            // a transaction, which the error has aborted, the retry fails and the error goes up).
            statements.forget(sql: sql, types: types)
            try await runUnprepared(sql, bindings, onRow)
        }
    }

    private func runUnprepared(_ sql: String, _ bindings: PostgresBindings, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
            onRow(row.sql())
        }
    }

    /// "cached plan must not change result type" (feature_not_supported).
    static func isStalePlan(_ error: PSQLError) -> Bool {
        error.serverInfo?[.sqlState] == "0A000" && error.serverInfo?[.message]?.contains("cached plan") == true
    }
}

/// Names the statements worth preparing: a statement text (with its bind types) seen
/// `threshold` times gets a name, up to `capacity` names per process, so one-off statements and
/// statements whose text varies (IN lists of any length) never pile up on the server.
final class PreparedStatementRegistry: Sendable {
    struct Statement: Sendable {
        var name = ""
        var sql = ""
        var types: [PostgresDataType] = []
    }

    /// What `RegisteredStatement` hands to PostgresNIO, whose prepared statements are types
    /// with static SQL: the execute call reads it synchronously in the calling task.
    @TaskLocal static var current = Statement()

    private struct State {
        var seen: [String: Int] = [:]
        var names: [String: String] = [:]
        /// Names are never reused: a forgotten statement may still be prepared on a connection.
        var nextName = 0
    }

    let threshold: Int
    let capacity: Int
    private let state = Mutex(State())

    init(threshold: Int = 3, capacity: Int = 200) {
        self.threshold = threshold
        self.capacity = capacity
    }

    func name(sql: String, types: [PostgresDataType]) -> String? {
        let key = Self.key(sql: sql, types: types)
        return state.withLock { state in
            if let name = state.names[key] { return name }
            guard state.nextName < capacity else { return nil }
            let seen = state.seen[key, default: 0] + 1
            guard seen >= threshold else {
                // Counting stops growing once the names are all given out; until then the
                // tally is bounded by resetting it when it gets large.
                if state.seen.count > 4 * capacity { state.seen.removeAll(keepingCapacity: true) }
                state.seen[key] = seen
                return nil
            }
            state.seen[key] = nil
            let name = "perin_\(state.nextName)"
            state.nextName += 1
            state.names[key] = name
            return name
        }
    }

    /// Drops the statement's name; it is counted again and, if still hot, named anew.
    func forget(sql: String, types: [PostgresDataType]) {
        let key = Self.key(sql: sql, types: types)
        state.withLock { _ = $0.names.removeValue(forKey: key) }
    }

    private static func key(sql: String, types: [PostgresDataType]) -> String {
        var key = sql
        for type in types { key += "|\(type.rawValue)" }
        return key
    }
}

/// The one prepared-statement type: its name, SQL and parameter types are those of
/// `PreparedStatementRegistry.current`.
struct RegisteredStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { PreparedStatementRegistry.current.name }
    static var sql: String { PreparedStatementRegistry.current.sql }
    static var bindingDataTypes: [PostgresDataType] { PreparedStatementRegistry.current.types }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// Tells a nil inside an existential from a value (`as Optional<Any>` would wrap it instead).
private protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    var isNone: Bool { self == nil }
}
