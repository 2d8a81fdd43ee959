import ArgumentParser
import Foundation
import Scheduling
import Server
import Storage

/// `perin delegation create|list|revoke`: the owner API's delegation links from the shell.
struct DelegationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegation",
        abstract: "Manage delegation links (external contacts book time with an owner's agent).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a link and print its URL (the token is shown once).")

        @Option(help: "The owner's email.") var email: String
        @Option(help: "Time to live in hours (1 to 720).") var ttlHours: Double = 72
        @Option(help: "An allowed meeting length in minutes (repeat for several).") var duration: [Int] = [30]
        @Option(help: "The default length (one of --duration).") var defaultDuration: Int?
        @Option(help: "Minimum notice in minutes.") var minNoticeMinutes: Int = 240
        @Option(help: "Buffer before and after each meeting, in minutes.") var bufferMinutes: Int = 0
        @Option(help: "Working hours for every weekday, e.g. 09:00-17:00.") var hours: String?
        @Option(help: "Bookings must start on or after this ISO 8601 date-time.") var windowStart: String?
        @Option(help: "Bookings must end by this ISO 8601 date-time.") var windowEnd: String?
        @Option(help: "Meeting title.") var title: String?
        @Option(help: "Location or video link.") var location: String?
        @Option(help: "Maximum number of bookings through this link.") var maxBookings: Int?
        @Option(help: "Name of the contact the link is for.") var externalName: String?
        @Flag(help: "Print JSON: {\"id\",\"url\",\"expiresAt\"}.") var json = false

        func run() async throws {
            var constraints = DelegationConstraints()
            constraints.durations = duration
            constraints.defaultDuration = defaultDuration ?? duration[0]
            constraints.minimumNoticeMinutes = minNoticeMinutes
            constraints.bufferBeforeMinutes = bufferMinutes
            constraints.bufferAfterMinutes = bufferMinutes
            if let hours { constraints.workingHours = Dictionary(uniqueKeysWithValues: (1...5).map { (String($0), [hours]) }) }
            constraints.windowStart = try windowStart.map(Self.date)
            constraints.windowEnd = try windowEnd.map(Self.date)
            constraints.title = title
            constraints.location = location
            constraints.maxBookings = maxBookings
            constraints.externalName = externalName
            let configuration = try loadConfiguration()
            let (record, token) = try await withDatabase(configuration, migrate: true) { database in
                let owner = try await DelegationCommand.owner(email, database)
                do {
                    let made = try await DelegationLinks(database: database).create(ownerID: owner.id, ttl: ttlHours * 3600, constraints: constraints)
                    try await AuditLogRepository(database: database).record(userID: owner.id, action: "delegation.create", target: made.record.id, detail: "cli")
                    return made
                } catch let error as DelegationError {
                    throw ValidationError(error.message)
                }
            }
            let url = configuration.publicURL + "/talk-to-perin/" + token
            if json {
                let data = try JSONSerialization.data(withJSONObject: ["id": record.id, "url": url, "expiresAt": ISO8601DateFormatter().string(from: record.expiresAt)], options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("created link \(record.id), expires \(ISO8601DateFormatter().string(from: record.expiresAt))")
                print("URL (shown once): \(url)")
            }
        }

        static func date(_ text: String) throws -> Date {
            guard let date = ISO8601DateFormatter().date(from: text) else { throw ValidationError("'\(text)' is not an ISO 8601 date-time") }
            return date
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an owner's links with uses and bookings.")

        @Option(help: "The owner's email.") var email: String

        func run() async throws {
            let links = try await withDatabase(try loadConfiguration(), migrate: true) { database in
                try await DelegationLinks(database: database).list(ownerID: try await DelegationCommand.owner(email, database).id)
            }
            let now = Date()
            for usage in links {
                let link = usage.link
                let state = link.revokedAt != nil ? "revoked" : (link.expiresAt <= now ? "expired" : "active")
                print("\(link.id)  \(state)  uses=\(link.uses)  bookings=\(usage.bookings)  expires=\(ISO8601DateFormatter().string(from: link.expiresAt))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke one of an owner's links.")

        @Option(help: "The owner's email.") var email: String
        @Argument(help: "The link id.") var id: String

        func run() async throws {
            try await withDatabase(try loadConfiguration(), migrate: true) { database in
                let owner = try await DelegationCommand.owner(email, database)
                do {
                    _ = try await DelegationLinks(database: database).revoke(id: id, ownerID: owner.id)
                } catch let error as DelegationError {
                    throw ValidationError(error.message)
                }
                try await AuditLogRepository(database: database).record(userID: owner.id, action: "delegation.revoke", target: id, detail: "cli")
            }
            print("revoked link \(id)")
        }
    }

    static func owner(_ email: String, _ database: PerinDatabase) async throws -> UserRecord {
        guard let owner = try await UserRepository(database: database).find(email: email) else {
            throw ValidationError("no user with email \(email)")
        }
        return owner
    }
}
