import Foundation
import SQLKit

/// Conversations and their messages. Every read and delete is scoped by the owner's id, so one
/// user can never reach another's conversation even with a guessed id.
public struct ConversationRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public func create(userID: String, title: String) async throws -> ConversationRecord {
        let now = storageNow()
        let record = ConversationRecord(id: newIdentifier(), userId: userID, title: title, createdAt: now, updatedAt: now)
        try await database.withConnection { db in
            try await db.insert(into: "conversations").model(record, keyEncodingStrategy: .snakeCaseColumns).run()
        }
        return record
    }

    public func find(id: String, userID: String) async throws -> ConversationRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("conversations")
                .where("id", .equal, id).where("user_id", .equal, userID)
                .first()?.record(ConversationRecord.self)
        }
    }

    /// Newest first.
    public func list(userID: String, limit: Int, offset: Int) async throws -> [ConversationRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("conversations").where("user_id", .equal, userID)
                .orderBy("updated_at", .descending).orderBy("id")
                .limit(limit).offset(offset)
                .all().map { try $0.record(ConversationRecord.self) }
        }
    }

    /// Appends a message and bumps the conversation; fails with `.notFound` for another user's id.
    @discardableResult
    public func append(
        conversationID: String, userID: String, role: String, content: String, payload: String? = nil, partial: Bool = false
    ) async throws -> MessageRecord {
        try await database.withTransaction { db in
            let owned = try await db.select().column("id").from("conversations")
                .where("id", .equal, conversationID).where("user_id", .equal, userID).first()
            guard owned != nil else { throw DatabaseError(.notFound, "conversation not found") }
            let last = try await db.select()
                .column(SQLFunction("COALESCE", args: SQLFunction("MAX", args: SQLColumn("seq")), SQLLiteral.numeric("0")), as: "last")
                .from("messages").where("conversation_id", .equal, conversationID)
                .first()?.decode(column: "last", as: Int.self) ?? 0
            let message = MessageRecord(
                id: newIdentifier(), conversationId: conversationID, userId: userID, role: role, content: content,
                payload: payload, partial: partial, seq: last + 1, createdAt: storageNow()
            )
            try await db.insert(message, into: "messages")
            try await db.update("conversations").set("updated_at", to: message.createdAt).where("id", .equal, conversationID).run()
            return message
        }
    }

    /// Oldest first.
    public func messages(conversationID: String, userID: String, limit: Int, offset: Int) async throws -> [MessageRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("messages")
                .where("conversation_id", .equal, conversationID).where("user_id", .equal, userID)
                .orderBy("seq")
                .limit(limit).offset(offset)
                .all().map { try $0.record(MessageRecord.self) }
        }
    }

    /// Returns false when there is no such conversation for this user.
    @discardableResult
    public func delete(id: String, userID: String) async throws -> Bool {
        try await database.withTransaction { db in
            let owned = try await db.select().column("id").from("conversations")
                .where("id", .equal, id).where("user_id", .equal, userID).first()
            guard owned != nil else { return false }
            try await db.delete(from: "messages").where("conversation_id", .equal, id).run()
            try await db.delete(from: "conversations").where("id", .equal, id).run()
            return true
        }
    }
}
