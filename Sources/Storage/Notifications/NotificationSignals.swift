import Foundation
import Logging
import PostgresNIO
import SQLKit

/// Where new notifications come from, for live streams: PostgreSQL `LISTEN` (raised by the
/// insert trigger, so other processes' inserts arrive too), or on SQLite a poll of the table.
public struct NotificationSignals: Sendable {
    public static let channel = "perin_notifications"
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    /// Calls `onSignal(userID, notificationID)` for every new notification until cancelled.
    /// Returns when the task is cancelled; throws when the database connection fails.
    public func run(pollInterval: Duration = .milliseconds(200),
                    onSignal: @escaping @Sendable (_ userID: String, _ id: String) async -> Void) async throws {
        if database.kind == .postgresql {
            _ = try await database.withPostgresConnection { connection in
                try await connection.listen(on: Self.channel) { notifications in
                    for try await notification in notifications {
                        let parts = notification.payload.split(separator: " ", maxSplits: 1)
                        if parts.count == 2 { await onSignal(String(parts[0]), String(parts[1])) }
                    }
                }
            }
            return
        }
        var seen = Set<String>()
        var since = Date().addingTimeInterval(-1)
        while !Task.isCancelled {
            let rows = try await database.withConnection { db in
                try await db.select().column("id").column("user_id").column("created_at").from("notifications")
                    .where("created_at", .greaterThanOrEqual, since).orderBy("created_at").limit(1000).all()
            }
            var newest = since
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let created = try row.decode(column: "created_at", as: Date.self)
                newest = max(newest, created)
                if seen.insert(id).inserted {
                    await onSignal(try row.decode(column: "user_id", as: String.self), id)
                }
            }
            // Rows of the same millisecond may still come: keep the window open by a second.
            since = newest.addingTimeInterval(-1)
            if seen.count > 10_000 { seen.removeAll() }
            try await Task.sleep(for: pollInterval)
        }
    }
}
