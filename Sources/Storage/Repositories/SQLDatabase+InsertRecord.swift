import SQLKit

extension SQLDatabase {
    /// Inserts one record: columns are its property names in snake_case, `nil` becomes NULL.
    ///
    /// Written as one raw statement rather than through `insert(into:).model(…)`: SQLKit's builder
    /// quotes every identifier through a dynamic cast and a generic string replacement on every
    /// call, which on the booking path was ~7 % of the server's CPU. The column names come from
    /// Swift property names (letters and digits), so quoting them needs no escaping.
    func insert(_ record: some Encodable, into table: String) async throws {
        let values = try Self.recordEncoder.encode(record)
        var head = "INSERT INTO \"" + table + "\" ("
        for (index, (column, _)) in values.enumerated() {
            precondition(!column.contains("\""), "column names come from property names")
            if index > 0 { head += ", " }
            head += "\"" + column + "\""
        }
        head += ") VALUES ("
        var sql = SQLQueryString(head)
        for (index, (_, value)) in values.enumerated() {
            if index > 0 { sql.appendLiteral(", ") }
            sql.appendInterpolation(value)
        }
        sql.appendLiteral(")")
        try await raw(sql).run()
    }

    private static var recordEncoder: SQLQueryEncoder {
        SQLQueryEncoder(keyEncodingStrategy: .snakeCaseColumns, nilEncodingStrategy: .asNil)
    }
}
