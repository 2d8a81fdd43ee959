import Foundation
import PerinTesting
import SQLKit
@testable import Storage
import Testing

@Suite("Prepared statements and the one-statement busy read")
struct PreparedStatementTests {
    @Test("a statement gets a name on its third run; names stop at the capacity")
    func registryNamesHotStatementsOnly() {
        let registry = PreparedStatementRegistry(threshold: 3, capacity: 2)
        #expect(registry.name(sql: "SELECT 1", types: []) == nil)
        #expect(registry.name(sql: "SELECT 1", types: []) == nil)
        let first = registry.name(sql: "SELECT 1", types: [])
        #expect(first != nil)
        #expect(registry.name(sql: "SELECT 1", types: []) == first, "the name is stable")
        // The same text with other parameter types is another statement.
        for _ in 0..<2 { #expect(registry.name(sql: "SELECT $1", types: [.text]) == nil) }
        #expect(registry.name(sql: "SELECT $1", types: [.int8]) == nil)
        let second = registry.name(sql: "SELECT $1", types: [.text])
        #expect(second != nil && second != first)
        // Full: a third statement never gets a name, however often it runs.
        for _ in 0..<10 { #expect(registry.name(sql: "SELECT 2", types: []) == nil) }
    }

    @Test("repeated statements run prepared on PostgreSQL and read back exactly what the unprepared runs read")
    func preparedRoundTrip() async throws {
        guard TestDatabases.kinds.contains(.postgresql) else { return }
        try await TestDatabases.withDatabase(.postgresql) { database in
            let user = try await UserRepository(database: database).create(.init(email: "p@example.com", name: "Prepared", timezone: "Europe/Berlin"))
            let instant = Date(timeIntervalSince1970: 1_795_000_000.25)
            let (rows, prepared) = try await database.withConnection { db -> ([[String?]], [String]) in
                var rows: [[String?]] = []
                for round in 0..<5 {
                    let row = try await db.raw("""
                        SELECT name, timezone, \(bind: instant) AS at, \(bind: round * 0 + 41) + 1 AS n, \(bind: Optional<String>.none) AS nothing
                        FROM users WHERE id = \(bind: user.id)
                        """).first()
                    let at = try row?.decode(column: "at", as: Date.self)
                    rows.append([try row?.decode(column: "name", as: String.self), try row?.decode(column: "timezone", as: String.self),
                                 at.map { String($0.timeIntervalSince1970) }, try row?.decode(column: "n", as: Int.self).description,
                                 try row?.decode(column: "nothing", as: String?.self)])
                }
                let statements = try await db.raw("SELECT statement FROM pg_prepared_statements").all()
                    .map { try $0.decode(column: "statement", as: String.self) }
                return (rows, statements)
            }
            #expect(rows.count == 5)
            #expect(rows.allSatisfy { $0 == ["Prepared", "Europe/Berlin", "1795000000.25", "42", nil] })
            #expect(prepared.contains { $0.contains("FROM users WHERE id = $") }, "the third run prepared it: \(prepared)")
        }
    }

    @Test("a prepared SELECT * survives its table gaining a column (another instance's migration)")
    func stalePlanRecovers() async throws {
        guard TestDatabases.kinds.contains(.postgresql) else { return }
        try await TestDatabases.withDatabase(.postgresql) { database in
            let notes = try await database.withConnection { db -> [String?] in
                try await db.raw("CREATE TABLE plan_probe (id INTEGER PRIMARY KEY)").run()
                try await db.raw("INSERT INTO plan_probe VALUES (1)").run()
                func probe() async throws -> String? {
                    let row = try await db.raw("SELECT * FROM plan_probe WHERE id = \(bind: 1)").first()
                    return row.flatMap { try? $0.decode(column: "note", as: String?.self) } ?? nil
                }
                for _ in 0..<4 { _ = try await probe() }  // prepared on this connection by now
                try await db.raw("ALTER TABLE plan_probe ADD COLUMN note TEXT DEFAULT 'added'").run()
                var seen: [String?] = []
                for _ in 0..<5 { seen.append(try await probe()) }  // unprepared once, then prepared anew
                return seen
            }
            #expect(notes == Array(repeating: "added", count: 5), "every read after the change sees the new column")
        }
    }

    @Test("one read returns local events, feed busy time and whether Google is connected", arguments: TestDatabases.kinds)
    func ownerBusyReading(kind: DatabaseKind) async throws {
        try await TestDatabases.withDatabase(kind) { database in
            let users = UserRepository(database: database)
            let owner = try await users.create(.init(email: "o@example.com", name: "Owner"))
            let other = try await users.create(.init(email: "x@example.com", name: "Other"))
            let day = Date(timeIntervalSince1970: 1_795_000_000)
            let events = CalendarEventRepository(database: database)
            for (user, offset) in [(owner.id, 3600.0), (owner.id, 30 * 86_400.0), (other.id, 3600.0)] {
                _ = try await events.create(userID: user, .init(title: "Private", startAt: day.addingTimeInterval(offset),
                                                                endAt: day.addingTimeInterval(offset + 1800), timeZone: "UTC"))
            }
            let feeds = CalendarFeedRepository(database: database)
            let feed = try await feeds.subscribe(userID: owner.id, url: "https://example.com/a.ics", name: "Team")
            try await feeds.replaceBusy(feedID: feed.id, userID: owner.id, busy: [(day.addingTimeInterval(7200), day.addingTimeInterval(9000))])
            let repository = OwnerBusyRepository(database: database)

            var reading = try await repository.read(userID: owner.id, from: day, to: day.addingTimeInterval(86_400), connectionType: "google-calendar")
            #expect(reading.localEvents.map(\.start) == [day.addingTimeInterval(3600)], "only the owner's event inside the window")
            #expect(reading.feedBusy.map(\.start) == [day.addingTimeInterval(7200)])
            #expect(reading.connectionLive == false)

            let connections = IntegrationConnectionRepository(database: database)
            try await connections.upsert(userID: owner.id, type: "google-calendar", accountEmail: nil, scopes: "calendar",
                                         tokens: .init(accessToken: "sealed", refreshToken: nil, expiresAt: nil))
            reading = try await repository.read(userID: owner.id, from: day, to: day.addingTimeInterval(86_400), connectionType: "google-calendar")
            #expect(reading.connectionLive)
            #expect(reading.localEvents.count == 1 && reading.feedBusy.count == 1)
            _ = try await connections.markNeedsReauth(userID: owner.id, type: "google-calendar")
            reading = try await repository.read(userID: owner.id, from: day, to: day.addingTimeInterval(86_400), connectionType: "google-calendar")
            #expect(reading.connectionLive == false, "a connection that needs re-auth is not live")
        }
    }
}
