import Foundation
import SQLKit

/// Delegation links of owners. Lookups by token go through the token's SHA-256, which is
/// unique and indexed; the caller compares the stored hash again in constant time.
public struct DelegationLinkRepository: Sendable {
    public let database: PerinDatabase

    public init(database: PerinDatabase) {
        self.database = database
    }

    public func create(_ record: DelegationLinkRecord) async throws {
        try await database.withConnection { db in
            try await db.insert(record, into: "delegation_links")
        }
    }

    /// The link with this token hash and its owner, in one query (every public request resolves
    /// a link; this is its hottest read).
    public func findWithOwner(tokenHash: String) async throws -> (link: DelegationLinkRecord, owner: UserRecord)? {
        try await database.withConnection { db in
            guard let row = try await db.raw("""
                SELECT l.*, \(unsafeRaw: Self.ownerColumns) FROM delegation_links l JOIN users u ON u.id = l.owner_id
                WHERE l.token_hash = \(bind: tokenHash)
                """).first()
            else { return nil }
            return (try row.record(DelegationLinkRecord.self),
                    try row.decode(model: UserRecord.self, prefix: Self.ownerPrefix, keyDecodingStrategy: .snakeCaseColumns))
        }
    }

    private static let ownerPrefix = "owner__"
    /// `u.id AS owner__id, …`: a fixed list, never input.
    private static let ownerColumns = UserRecord.columns.map { "u.\($0) AS \(ownerPrefix)\($0)" }.joined(separator: ", ")

    /// One of `ownerID`'s links; another owner's id reads as absent.
    public func find(id: String, ownerID: String) async throws -> DelegationLinkRecord? {
        try await database.withConnection { db in
            try await db.select().column("*").from("delegation_links")
                .where("id", .equal, id).where("owner_id", .equal, ownerID)
                .first()?.record(DelegationLinkRecord.self)
        }
    }

    /// The owner's links, newest first, each with its number of live bookings.
    public func list(ownerID: String) async throws -> [DelegationLinkUsage] {
        try await database.withConnection { db in
            let links = try await db.select().column("*").from("delegation_links").where("owner_id", .equal, ownerID)
                .orderBy("created_at", .descending).all().map { try $0.record(DelegationLinkRecord.self) }
            let counts = try await db.select().column("link_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("bookings").where("owner_id", .equal, ownerID).where("status", .equal, BookingRecord.confirmed)
                .where("link_id", .isNot, SQLLiteral.null).groupBy("link_id").all()
            var byLink: [String: Int] = [:]
            for row in counts {
                byLink[try row.decode(column: "link_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return links.map { DelegationLinkUsage(link: $0, bookings: byLink[$0.id] ?? 0) }
        }
    }

    /// Marks a link revoked; false when the owner has no such link. Revoking twice keeps the
    /// first time.
    public func revoke(id: String, ownerID: String, at date: Date) async throws -> Bool {
        try await database.withTransaction { db in
            guard try await db.select().column("id").from("delegation_links")
                .where("id", .equal, id).where("owner_id", .equal, ownerID).first() != nil
            else { return false }
            try await db.update("delegation_links").set("revoked_at", to: date)
                .where("id", .equal, id).where("revoked_at", .is, SQLLiteral.null).run()
            return true
        }
    }

    /// Counts one visit (page, slots, chat).
    public func recordUse(id: String) async throws {
        try await database.withConnection { db in
            try await db.update("delegation_links").set("uses", to: SQLRaw("uses + 1")).where("id", .equal, id).run()
        }
    }
}
