import Foundation
import Hummingbird
import Storage

/// The signed-in owner: profile and API tokens.
struct ProfileController: Sendable {
    let users: UserRepository
    let tokens: APITokenRepository
    let authenticator: Authenticator
    let audit: AuditLogRepository

    struct Profile: Codable, Sendable {
        let id: String
        let email: String
        let name: String
        let timezone: String
        let perinName: String
        let tone: String
        let createdAt: Date

        init(_ user: UserRecord) {
            id = user.id
            email = user.email
            name = user.name
            timezone = user.timezone
            perinName = user.perinName
            tone = user.tone
            createdAt = user.createdAt
        }
    }

    struct ProfileUpdate: Decodable {
        let name: String?
        let timezone: String?
        let perinName: String?
        let tone: String?
    }

    struct TokenSummary: Codable {
        let id: String
        let label: String
        let createdAt: Date
        let revokedAt: Date?
    }

    struct NewToken: Decodable {
        let label: String?
    }

    /// `GET /api/me` is the most frequent authenticated call (clients poll it to check a
    /// token), so it is written without `JSONEncoder`; `Profile` stays the shape's definition
    /// and a test checks both agree.
    private static let jsonHeaders: HTTPFields = [.contentType: "application/json; charset=utf-8"]

    static func profileResponse(_ user: UserRecord) -> Response {
        Response(
            status: .ok, headers: jsonHeaders,
            body: .init(byteBuffer: ByteBuffer(bytes: profileJSON(user)))
        )
    }

    static func profileJSON(_ user: UserRecord) -> [UInt8] {
        var writer = FlatJSONWriter()
        writer.add("createdAt", utc: user.createdAt)
        writer.add("email", user.email)
        writer.add("id", user.id)
        writer.add("name", user.name)
        writer.add("perinName", user.perinName)
        writer.add("timezone", user.timezone)
        writer.add("tone", user.tone)
        return writer.finish()
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("me") { _, context in Self.profileResponse(context.user) }
        group.patch("me") { request, context in
            let update = try await request.decodeJSON(as: ProfileUpdate.self, context: context)
            if let timezone = update.timezone, TimeZone(identifier: timezone) == nil {
                throw APIError.badRequest("unknown time zone '\(timezone)'", code: "invalid_timezone")
            }
            if let name = update.perinName, !(1...60).contains(name.count) {
                throw APIError.badRequest("perinName must be 1 to 60 characters")
            }
            guard let updated = try await users.updateProfile(
                id: context.user.id, name: update.name, timezone: update.timezone, perinName: update.perinName, tone: update.tone
            ) else { throw APIError.notFound() }
            authenticator.invalidate(userID: updated.id)
            return try JSONResponse.make(Profile(updated))
        }
        group.get("tokens") { _, context in
            let list = try await tokens.list(userID: context.user.id)
            return try JSONResponse.make(["tokens": list.map { TokenSummary(id: $0.id, label: $0.label, createdAt: $0.createdAt, revokedAt: $0.revokedAt) }])
        }
        group.post("tokens") { request, context in
            let body = try await request.decodeJSON(as: NewToken.self, context: context)
            let label = body.label ?? "api"
            guard (1...100).contains(label.count) else { throw APIError.badRequest("label must be 1 to 100 characters") }
            let (record, secret) = try await tokens.issue(userID: context.user.id, label: label)
            try await audit.record(userID: context.user.id, action: "token.create", target: record.id, ip: context.clientIP)
            struct Created: Encodable { let id: String; let token: String; let label: String }
            return try JSONResponse.make(Created(id: record.id, token: secret, label: label), status: .created)
        }
        group.delete("tokens/:id") { _, context in
            let id = try context.parameters.require("id")
            guard try await tokens.revoke(id: id, userID: context.user.id) else { throw APIError.notFound("no such token") }
            authenticator.invalidate(userID: context.user.id)
            try await audit.record(userID: context.user.id, action: "token.revoke", target: id, ip: context.clientIP)
            return Response(status: .noContent)
        }
    }
}
