import Foundation
import PostgresNIO
import SQLKit
import SQLiteNIO

/// Bookings, with one write path that checks and inserts atomically.
///
/// `insert` and `reschedule` run the caller's check inside the same transaction as the write:
/// on SQLite that transaction is `BEGIN IMMEDIATE` on the single connection, so no other write
/// can interleave; on PostgreSQL a transaction-scoped advisory lock per owner serialises the
/// owner's bookings across processes, and the `bookings_no_overlap` exclusion constraint
/// rejects an overlapping live booking even if a caller skipped the check.
public struct BookingRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    /// What the check sees, read inside the writing transaction.
    public struct Snapshot: Sendable {
        /// The owner's live bookings meeting the window, the one being rescheduled excluded.
        public var ownerBookings: [BookingSpan]
        /// Live bookings made through the same link (0 without a link, or when not asked for).
        public var linkBookings: Int
    }

    public enum InsertOutcome: Sendable, Equatable {
        case created(BookingRecord)
        /// An earlier request with the same idempotency key made this booking.
        case replayed(BookingRecord)
    }

    /// Inserts `booking` when `check` accepts the snapshot over `window`. Throws what `check`
    /// throws, or `DatabaseError(.conflict)` when the time is taken.
    public func insert(
        _ booking: BookingRecord, window: (from: Date, to: Date), countingLinkBookings: Bool = true,
        check: @Sendable (Snapshot) throws -> Void
    ) async throws -> InsertOutcome {
        do {
            return try await database.withTransaction { db in
                try await lockOwner(booking.ownerId, db)
                if let key = booking.idempotencyKey, let linkID = booking.linkId,
                   let existing = try await findByKey(linkID: linkID, key: key, db) {
                    return .replayed(existing)
                }
                try check(try await snapshot(ownerID: booking.ownerId, linkID: countingLinkBookings ? booking.linkId : nil, window: window, excluding: nil, db))
                try await db.insert(booking, into: "bookings")
                return .created(booking)
            }
        } catch where Self.isOverlap(error) {
            throw DatabaseError(.conflict, "the time is already booked")
        } catch where isUniqueViolation(error) {
            // A concurrent retry with the same key won the race: answer with its booking.
            if let key = booking.idempotencyKey, let linkID = booking.linkId,
               let existing = try await database.withConnection({ try await findByKey(linkID: linkID, key: key, $0) }) {
                return .replayed(existing)
            }
            throw DatabaseError(.conflict, "the booking collides with an existing one")
        }
    }

    /// Moves a live booking to [start, end) when `check` accepts; SEQUENCE goes up by one.
    public func reschedule(
        id: String, start: Date, end: Date, window: (from: Date, to: Date),
        check: @Sendable (Snapshot) throws -> Void
    ) async throws -> BookingRecord? {
        do {
            return try await database.withTransaction { db in
                guard var booking = try await db.select().column("*").from("bookings").where("id", .equal, id).first()?
                    .record(BookingRecord.self), booking.status == BookingRecord.confirmed
                else { return nil }
                try await lockOwner(booking.ownerId, db)
                try check(try await snapshot(ownerID: booking.ownerId, linkID: nil, window: window, excluding: id, db))
                booking.startAt = start
                booking.endAt = end
                booking.sequence += 1
                booking.updatedAt = storageNow()
                try await db.update("bookings").set("start_at", to: start).set("end_at", to: end)
                    .set("sequence", to: booking.sequence).set("updated_at", to: booking.updatedAt)
                    .where("id", .equal, id).run()
                return booking
            }
        } catch where Self.isOverlap(error) {
            throw DatabaseError(.conflict, "the time is already booked")
        }
    }

    /// Cancels a live booking (SEQUENCE + 1); nil when unknown, the record unchanged when it
    /// was already cancelled.
    public func cancel(id: String) async throws -> BookingRecord? {
        try await database.withTransaction { db in
            guard var booking = try await db.select().column("*").from("bookings").where("id", .equal, id).first()?
                .record(BookingRecord.self)
            else { return nil }
            guard booking.status == BookingRecord.confirmed else { return booking }
            booking.status = BookingRecord.cancelled
            booking.sequence += 1
            booking.updatedAt = storageNow()
            try await db.update("bookings").set("status", to: booking.status).set("sequence", to: booking.sequence)
                .set("updated_at", to: booking.updatedAt).where("id", .equal, id).run()
            return booking
        }
    }

    /// Replaces the manage token (an idempotent replay hands out a fresh manage link, since
    /// only the hash of the first one was kept).
    public func rotateManageToken(id: String, hash: String) async throws {
        try await database.withConnection { db in
            try await db.update("bookings").set("manage_token_hash", to: hash).where("id", .equal, id).run()
        }
    }

    public func setCalendarEventID(_ eventID: String?, bookingID: String) async throws {
        try await database.withConnection { db in
            try await db.update("bookings").set("calendar_event_id", to: eventID).where("id", .equal, bookingID).run()
        }
    }

    public func find(id: String) async throws -> BookingRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("bookings").where("id", .equal, id).first()?.record(BookingRecord.self)
        }
    }

    public func find(manageTokenHash: String) async throws -> BookingRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("bookings").where("manage_token_hash", .equal, manageTokenHash)
                .first()?.record(BookingRecord.self)
        }
    }

    /// The owner's live bookings meeting [from, to), by start.
    public func live(ownerID: String, from: Date, to: Date) async throws -> [BookingRecord] {
        try await database.withConnection { db in
            try await Self.live(db.select().column("*"), ownerID: ownerID, from: from, to: to)
                .orderBy("start_at").all().map { try $0.record(BookingRecord.self) }
        }
    }

    /// The spans of an owner's live bookings meeting [from, to).
    public func liveSpans(ownerID: String, from: Date, to: Date) async throws -> [BookingSpan] {
        try await database.withConnection { db in
            try await liveQuery(ownerID: ownerID, from: from, to: to, excluding: nil, db)
        }
    }

    /// All of an owner's bookings, newest first.
    public func list(ownerID: String, limit: Int = 200) async throws -> [BookingRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("bookings").where("owner_id", .equal, ownerID)
                .orderBy("start_at", .descending).limit(limit).all().map { try $0.record(BookingRecord.self) }
        }
    }

    // MARK: - Inside the transaction

    private func lockOwner(_ ownerID: String, _ db: any SQLDatabase) async throws {
        // SQLite needs nothing: BEGIN IMMEDIATE already holds the only write lock.
        guard database.kind == .postgresql else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "booking:" + ownerID)))").run()
    }

    private func findByKey(linkID: String, key: String, _ db: any SQLDatabase) async throws -> BookingRecord? {
        try await db.select().column("*").from("bookings").where("link_id", .equal, linkID)
            .where("idempotency_key", .equal, key).first()?.record(BookingRecord.self)
    }

    private func snapshot(ownerID: String, linkID: String?, window: (from: Date, to: Date), excluding: String?,
                          _ db: any SQLDatabase) async throws -> Snapshot {
        let owner = try await liveQuery(ownerID: ownerID, from: window.from, to: window.to, excluding: excluding, db)
        var linkCount = 0
        if let linkID {
            let row = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("bookings")
                .where("link_id", .equal, linkID).where("status", .equal, BookingRecord.confirmed).first()
            linkCount = try row?.decode(column: "n", as: Int.self) ?? 0
        }
        return Snapshot(ownerBookings: owner, linkBookings: linkCount)
    }

    private func liveQuery(ownerID: String, from: Date, to: Date, excluding: String?, _ db: any SQLDatabase) async throws -> [BookingSpan] {
        var query = Self.live(db.select().columns("id", "start_at", "end_at", "calendar_event_id"), ownerID: ownerID, from: from, to: to)
        if let excluding { query = query.where("id", .notEqual, excluding) }
        return try await query.orderBy("start_at").all().map { row in
            BookingSpan(id: try row.decode(column: "id", as: String.self), startAt: try row.decode(column: "start_at", as: Date.self),
                        endAt: try row.decode(column: "end_at", as: Date.self),
                        calendarEventId: try row.decode(column: "calendar_event_id", as: String?.self))
        }
    }

    /// The owner's confirmed bookings that meet [from, to).
    private static func live(_ select: SQLSelectBuilder, ownerID: String, from: Date, to: Date) -> SQLSelectBuilder {
        select.from("bookings").where("owner_id", .equal, ownerID).where("status", .equal, BookingRecord.confirmed)
            .where("start_at", .lessThan, to).where("end_at", .greaterThan, from)
    }

    /// PostgreSQL's exclusion_violation (the `bookings_no_overlap` constraint).
    static func isOverlap(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23P01"
    }
}
