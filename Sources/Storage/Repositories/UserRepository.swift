import Foundation
import SQLKit

/// Owners: create, find, list. Emails are unique, compared case-insensitively (stored lowercase).
public struct UserRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public struct NewUser: Sendable {
        public var email: String
        public var name: String
        public var passwordHash: String?
        public var timezone: String
        public var perinName: String
        public var tone: String

        public init(email: String, name: String, passwordHash: String? = nil, timezone: String = "UTC", perinName: String = "Perin", tone: String = "friendly") {
            self.email = email
            self.name = name
            self.passwordHash = passwordHash
            self.timezone = timezone
            self.perinName = perinName
            self.tone = tone
        }
    }

    /// Throws `DatabaseError(.conflict)` when the email is taken.
    public func create(_ new: NewUser) async throws -> UserRecord {
        let user = UserRecord(
            id: newIdentifier(), email: new.email.lowercased(), name: new.name, passwordHash: new.passwordHash,
            timezone: new.timezone, perinName: new.perinName, tone: new.tone, createdAt: storageNow()
        )
        do {
            try await database.withConnection { db in
                try await db.insert(user, into: "users")
            }
        } catch where isUniqueViolation(error) {
            throw DatabaseError(.conflict, "a user with this email already exists")
        }
        return user
    }

    public func find(id: String) async throws -> UserRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("users").where("id", .equal, id).first()?.record(UserRecord.self)
        }
    }

    public func find(email: String) async throws -> UserRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("users").where("email", .equal, email.lowercased()).first()?
                .record(UserRecord.self)
        }
    }

    public func list() async throws -> [UserRecord] {
        try await database.withConnection { db in
            try await db.select().column("*").from("users").orderBy("created_at").all().map { try $0.record(UserRecord.self) }
        }
    }

    /// Updates the agent's persona fields; returns the updated user or nil when unknown.
    public func updateProfile(id: String, name: String?, timezone: String?, perinName: String?, tone: String?) async throws -> UserRecord? {
        try await database.withTransaction { db in
            var update = db.update("users").where("id", .equal, id)
            var changed = false
            if let name { update = update.set("name", to: name); changed = true }
            if let timezone { update = update.set("timezone", to: timezone); changed = true }
            if let perinName { update = update.set("perin_name", to: perinName); changed = true }
            if let tone { update = update.set("tone", to: tone); changed = true }
            if changed { try await update.run() }
            return try await db.select().column("*").from("users").where("id", .equal, id).first()?.record(UserRecord.self)
        }
    }
}
