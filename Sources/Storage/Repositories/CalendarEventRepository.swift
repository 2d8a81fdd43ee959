import Foundation
import SQLKit

/// The local calendar's events, always scoped by user id.
public struct CalendarEventRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    /// The fields a caller sets; id, timestamps and sequence are the repository's.
    public struct Draft: Sendable, Equatable {
        public var uid: String?
        public var title: String
        public var startAt: Date
        public var endAt: Date
        public var timeZone: String
        public var location: String?
        public var description: String?
        public var attendees: String
        public var sequence: Int

        public init(uid: String? = nil, title: String, startAt: Date, endAt: Date, timeZone: String, location: String? = nil,
                    description: String? = nil, attendees: String = "[]", sequence: Int = 0) {
            self.uid = uid
            self.title = title
            self.startAt = startAt
            self.endAt = endAt
            self.timeZone = timeZone
            self.location = location
            self.description = description
            self.attendees = attendees
            self.sequence = sequence
        }
    }

    /// Inserts the event. With an idempotency key already used by this user, returns the event
    /// that key created instead (a retried tool call or booking creates nothing new). With a UID
    /// the user already has, replaces that event when `replacingUID` (an .ics re-import), else
    /// throws `DatabaseError(.conflict)`.
    /// `id` names the new event (default: a fresh identifier).
    public func create(userID: String, _ draft: Draft, id: String? = nil, idempotencyKey: String? = nil, replacingUID: Bool = false) async throws -> CalendarEventRecord {
        do {
            guard replacingUID else {
                // One INSERT: the unique (user, key) and (user, uid) indexes turn a repeated key
                // into a unique violation, answered below with the first event.
                let record = Self.record(userID: userID, draft, id: id ?? newIdentifier(), idempotencyKey: idempotencyKey, createdAt: nil)
                try await database.withConnection { db in
                    try await db.insert(record, into: "calendar_events")
                }
                return record
            }
            // An import replaces the earlier event of its UID, keeping its id and creation time.
            return try await database.withTransaction { db in
                let uid = draft.uid ?? "\(newIdentifier())@perin"
                var draft = draft
                draft.uid = uid
                let old = try await Self.find(db, userID: userID, uid: uid)
                if let old { try await db.delete(from: "calendar_events").where("id", .equal, old.id).run() }
                let record = Self.record(userID: userID, draft, id: old?.id ?? newIdentifier(), idempotencyKey: idempotencyKey, createdAt: old?.createdAt)
                try await db.insert(record, into: "calendar_events")
                return record
            }
        } catch where isUniqueViolation(error) {
            // Two concurrent creates with one key: the loser reads the winner's event.
            if let idempotencyKey, let existing = try await find(userID: userID, idempotencyKey: idempotencyKey) { return existing }
            throw DatabaseError(.conflict, "an event with this UID already exists")
        }
    }

    static func record(userID: String, _ draft: Draft, id: String, idempotencyKey: String?, createdAt: Date?) -> CalendarEventRecord {
        let now = storageNow()
        return CalendarEventRecord(
            id: id, userId: userID, uid: draft.uid ?? "\(newIdentifier())@perin", title: draft.title, startAt: draft.startAt, endAt: draft.endAt,
            timeZone: draft.timeZone, location: draft.location, description: draft.description,
            attendees: draft.attendees, sequence: draft.sequence, idempotencyKey: idempotencyKey,
            createdAt: createdAt ?? now, updatedAt: now
        )
    }

    public func find(userID: String, id: String) async throws -> CalendarEventRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("calendar_events")
                .where("user_id", .equal, userID).where("id", .equal, id).first()?.record(CalendarEventRecord.self)
        }
    }

    public func find(userID: String, idempotencyKey: String) async throws -> CalendarEventRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("calendar_events")
                .where("user_id", .equal, userID).where("idempotency_key", .equal, idempotencyKey)
                .first()?.record(CalendarEventRecord.self)
        }
    }

    /// Events overlapping [from, to), earliest first.
    public func list(userID: String, from: Date, to: Date, limit: Int = 2000) async throws -> [CalendarEventRecord] {
        try await database.withConnection { db in
            try await Self.meeting(db.select().column("*"), userID: userID, from: from, to: to, limit: limit)
                .all().map { try $0.record(CalendarEventRecord.self) }
        }
    }

    /// Only the times of the user's events meeting [from, to) (busy time needs nothing else).
    public func spans(userID: String, from: Date, to: Date, limit: Int = 2000) async throws -> [(start: Date, end: Date)] {
        try await database.withConnection { db in
            try await Self.meeting(db.select().columns("start_at", "end_at"), userID: userID, from: from, to: to, limit: limit)
                .all().map { (try $0.decode(column: "start_at", as: Date.self), try $0.decode(column: "end_at", as: Date.self)) }
        }
    }

    /// The user's events meeting [from, to), earliest first, at most `limit`.
    private static func meeting(_ select: SQLSelectBuilder, userID: String, from: Date, to: Date, limit: Int) -> SQLSelectBuilder {
        select.from("calendar_events").where("user_id", .equal, userID).where("start_at", .lessThan, to).where("end_at", .greaterThan, from)
            .orderBy("start_at").orderBy("id").limit(limit)
    }

    /// Every event of the user (export), earliest first.
    public func all(userID: String, limit: Int = 20_000) async throws -> [CalendarEventRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("calendar_events").where("user_id", .equal, userID)
                .orderBy("start_at").orderBy("id").limit(limit)
                .all().map { try $0.record(CalendarEventRecord.self) }
        }
    }

    /// Applies `change` to the stored event and bumps its SEQUENCE; nil when the user has none.
    public func update(userID: String, id: String, _ change: @Sendable (inout Draft) -> Void) async throws -> CalendarEventRecord? {
        try await database.withTransaction { db in
            guard var record = try await db.select().column("*").from("calendar_events")
                .where("user_id", .equal, userID).where("id", .equal, id).first()?.record(CalendarEventRecord.self) else { return nil }
            var draft = Draft(uid: record.uid, title: record.title, startAt: record.startAt, endAt: record.endAt,
                              timeZone: record.timeZone, location: record.location, description: record.description,
                              attendees: record.attendees, sequence: record.sequence)
            change(&draft)
            record.title = draft.title
            record.startAt = draft.startAt
            record.endAt = draft.endAt
            record.timeZone = draft.timeZone
            record.location = draft.location
            record.description = draft.description
            record.attendees = draft.attendees
            record.sequence += 1
            record.updatedAt = storageNow()
            try await db.update("calendar_events")
                .set("title", to: record.title).set("start_at", to: record.startAt).set("end_at", to: record.endAt)
                .set("time_zone", to: record.timeZone).set("location", to: record.location)
                .set("description", to: record.description).set("attendees", to: record.attendees)
                .set("sequence", to: record.sequence).set("updated_at", to: record.updatedAt)
                .where("user_id", .equal, userID).where("id", .equal, id).run()
            return record
        }
    }

    /// Returns false when the user has no such event.
    @discardableResult
    public func delete(userID: String, id: String) async throws -> Bool {
        try await database.withTransaction { db in
            guard try await db.select().column("id").from("calendar_events")
                .where("user_id", .equal, userID).where("id", .equal, id).first() != nil else { return false }
            try await db.delete(from: "calendar_events").where("user_id", .equal, userID).where("id", .equal, id).run()
            return true
        }
    }

    private static func find(_ db: any SQLDatabase, userID: String, uid: String) async throws -> CalendarEventRecord? {
        try await db.select().column("*").from("calendar_events")
            .where("user_id", .equal, userID).where("uid", .equal, uid).first()?.record(CalendarEventRecord.self)
    }
}
