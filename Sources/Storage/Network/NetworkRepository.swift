import Foundation
import SQLKit

/// Connections, sessions and transcripts of agent-to-agent scheduling. Membership checks are
/// the caller's (Scheduling); this type only reads and writes rows, with one atomic claim for
/// confirming a session.
public struct NetworkRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    // MARK: Connections

    public func insert(_ connection: NetworkConnectionRecord) async throws {
        try await database.withConnection { db in
            try await db.insert(connection, into: "network_connections")
        }
    }

    public func connection(id: String) async throws -> NetworkConnectionRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("network_connections").where("id", .equal, id).first()?.record(NetworkConnectionRecord.self)
        }
    }

    /// Connections where `userID` is either side, or is invited by `email`.
    public func connections(userID: String, email: String) async throws -> [NetworkConnectionRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("network_connections")
                .where { $0.where("requester_id", .equal, userID).orWhere("addressee_id", .equal, userID).orWhere("addressee_email", .equal, email.lowercased()) }
                .orderBy("created_at", .descending).all().map { try $0.record(NetworkConnectionRecord.self) }
        }
    }

    public func update(_ connection: NetworkConnectionRecord) async throws {
        try await database.withConnection { db in
            try await db.update("network_connections")
                .set("addressee_id", to: connection.addresseeId).set("status", to: connection.status)
                .set("requester_scopes", to: connection.requesterScopes).set("addressee_scopes", to: connection.addresseeScopes)
                .set("requester_constraints", to: connection.requesterConstraints).set("addressee_constraints", to: connection.addresseeConstraints)
                .set("updated_at", to: connection.updatedAt).where("id", .equal, connection.id).run()
        }
    }

    // MARK: Sessions

    public func insert(_ session: NetworkSessionRecord) async throws {
        try await database.withConnection { db in
            try await db.insert(session, into: "network_sessions")
        }
    }

    public func session(id: String) async throws -> NetworkSessionRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("network_sessions").where("id", .equal, id).first()?.record(NetworkSessionRecord.self)
        }
    }

    /// The user's sessions (either side), newest first; `status` filters when given.
    public func sessions(userID: String, status: String? = nil) async throws -> [NetworkSessionRecord] {
        try await database.withConnection { db in
            var query = db.select().column("*").from("network_sessions")
                .where { $0.where("initiator_id", .equal, userID).orWhere("counterpart_id", .equal, userID) }
            if let status { query = query.where("status", .equal, status) }
            return try await query.orderBy("created_at", .descending).limit(200).all().map { try $0.record(NetworkSessionRecord.self) }
        }
    }

    public enum Claim: Sendable, Equatable {
        /// This caller may confirm: the session is now `confirming`.
        case claimed(NetworkSessionRecord)
        /// A confirm with the same key already finished: answer it again.
        case replay(NetworkSessionRecord)
        /// Someone else is confirming or confirmed, or the session is closed.
        case conflict(NetworkSessionRecord)
    }

    /// Atomically moves an open session to `confirming` for `key`. One of two racing confirms
    /// gets `.claimed`, the other `.conflict`: the status check and the write share one
    /// transaction (PostgreSQL: `FOR UPDATE`; SQLite: the single writer).
    public func claimConfirm(sessionID: String, key: String) async throws -> Claim? {
        try await database.withTransaction { db in
            let lock = database.kind == .postgresql ? " FOR UPDATE" : ""
            guard var session = try await db.raw("SELECT * FROM network_sessions WHERE id = \(bind: sessionID)\(unsafeRaw: lock)").first()?
                .record(NetworkSessionRecord.self)
            else { return nil }
            if session.status == NetworkSessionRecord.confirmed, session.confirmKey == key { return .replay(session) }
            guard session.status == NetworkSessionRecord.open else { return .conflict(session) }
            session.status = NetworkSessionRecord.confirming
            session.confirmKey = key
            session.updatedAt = storageNow()
            try await db.update("network_sessions").set("status", to: session.status).set("confirm_key", to: key)
                .set("updated_at", to: session.updatedAt).where("id", .equal, sessionID).run()
            return .claimed(session)
        }
    }

    /// Records the outcome of a claimed confirm: `confirmed` with the booking ids, or back to
    /// `open` after a failed, compensated attempt.
    public func finishConfirm(_ session: NetworkSessionRecord) async throws {
        try await database.withConnection { db in
            try await db.update("network_sessions").set("status", to: session.status).set("confirm_key", to: session.confirmKey)
                .set("confirmed_start", to: session.confirmedStart).set("confirmed_end", to: session.confirmedEnd)
                .set("initiator_booking_id", to: session.initiatorBookingId).set("counterpart_booking_id", to: session.counterpartBookingId)
                .set("updated_at", to: storageNow()).where("id", .equal, session.id).run()
        }
    }

    /// Moves the session from `from` to `to` only if it is still in `from`; true when it moved.
    /// The condition is in the UPDATE itself, so a cancel cannot overwrite a racing confirm.
    public func transition(sessionID: String, from: String, to: String) async throws -> Bool {
        try await database.withConnection { db in
            let rows = try await db.update("network_sessions").set("status", to: to).set("updated_at", to: storageNow())
                .where("id", .equal, sessionID).where("status", .equal, from).returning("id").all()
            return !rows.isEmpty
        }
    }

    public func setStatus(sessionID: String, status: String) async throws {
        try await database.withConnection { db in
            try await db.update("network_sessions").set("status", to: status).set("updated_at", to: storageNow()).where("id", .equal, sessionID).run()
        }
    }

    // MARK: Transcript

    /// Appends a message; a second message with the same dedupe key returns the first.
    @discardableResult
    public func append(_ message: NetworkMessageRecord) async throws -> NetworkMessageRecord {
        do {
            try await database.withConnection { db in
                try await db.insert(into: "network_messages").model(message, keyEncodingStrategy: .snakeCaseColumns).run()
            }
            return message
        } catch where isUniqueViolation(error) {
            let existing = try await database.withConnection { db in
                try await db.select().column("*").from("network_messages").where("session_id", .equal, message.sessionId)
                    .where("dedupe_key", .equal, message.dedupeKey).first()?.record(NetworkMessageRecord.self)
            }
            guard let existing else { throw error }
            return existing
        }
    }

    public func messages(sessionID: String) async throws -> [NetworkMessageRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("network_messages").where("session_id", .equal, sessionID)
                .orderBy("created_at").all().map { try $0.record(NetworkMessageRecord.self) }
        }
    }
}
