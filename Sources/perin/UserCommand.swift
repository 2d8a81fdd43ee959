import ArgumentParser
import Foundation
import Server
import Storage

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage owners and their API tokens.",
        subcommands: [Create.self, List.self, Token.self, RevokeToken.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an owner and print a new API token (shown once).")

        @Option(help: "Email address (unique).") var email: String
        @Option(help: "Display name (defaults to the part of the email before @).") var name: String?
        @Option(help: "Password for the web login (at least 8 characters). Omit for API-only users.") var password: String?
        @Option(help: "IANA time zone, e.g. Europe/Berlin.") var timezone: String = "UTC"
        @Option(help: "What the agent calls itself.") var perinName: String = "Perin"
        @Flag(help: "Print JSON: {\"id\":…,\"token\":…}.") var json = false

        func validate() throws {
            guard email.contains("@"), email.count <= 254 else { throw ValidationError("--email must be an email address") }
            guard TimeZone(identifier: timezone) != nil else { throw ValidationError("--timezone '\(timezone)' is not a known IANA time zone") }
            if let password, password.count < 8 { throw ValidationError("--password must have at least 8 characters") }
        }

        func run() async throws {
            let configuration = try loadConfiguration()
            let passwordHash = try await password.asyncMap { try await PasswordHasher.hash($0) }
            let (user, token) = try await withDatabase(configuration, migrate: true) { database in
                let user: UserRecord
                do {
                    user = try await UserRepository(database: database).create(.init(
                        email: email, name: name ?? String(email.split(separator: "@")[0]), passwordHash: passwordHash,
                        timezone: timezone, perinName: perinName
                    ))
                } catch let error as DatabaseError where error.code == .conflict {
                    throw ValidationError("a user with email \(email) already exists")
                }
                let token = try await APITokenRepository(database: database).issue(userID: user.id, label: "cli")
                try await AuditLogRepository(database: database).record(userID: user.id, action: "user.create", detail: "cli")
                return (user, token.secret)
            }
            if json {
                let data = try JSONSerialization.data(withJSONObject: ["id": user.id, "token": token], options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print("created \(user.email) (id \(user.id))")
                print("API token (shown once, store it now): \(token)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List owners.")

        func run() async throws {
            let users = try await withDatabase(try loadConfiguration(), migrate: true) { try await UserRepository(database: $0).list() }
            for user in users { print("\(user.id)  \(user.email)  \(user.timezone)") }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue another API token for an owner (shown once).")

        @Option(help: "The owner's email.") var email: String
        @Option(help: "A label to recognise the token by.") var label: String = "cli"

        func run() async throws {
            let secret = try await withDatabase(try loadConfiguration(), migrate: true) { database in
                guard let user = try await UserRepository(database: database).find(email: email) else {
                    throw ValidationError("no user with email \(email)")
                }
                return try await APITokenRepository(database: database).issue(userID: user.id, label: label).secret
            }
            print(secret)
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-token", abstract: "Revoke an API token, given the token itself.")

        @Argument(help: "The token to revoke.") var token: String

        func run() async throws {
            let id = try await withDatabase(try loadConfiguration(), migrate: true) { database in
                try await APITokenRepository(database: database).revoke(secret: token)
            }
            guard let id else { throw ValidationError("no live token matches") }
            print("revoked token \(id)")
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
