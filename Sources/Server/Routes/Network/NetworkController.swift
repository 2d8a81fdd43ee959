import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Scheduling
import Storage

/// `/api/network/…`: connections between owners and agent-to-agent sessions.
struct NetworkController: Sendable {
    let sessions: NetworkSessions
    let audit: AuditLogRepository
    var connections: NetworkConnections { sessions.connections }

    struct Invite: Decodable { let email: String; let scopes: [String]?; let constraints: NetworkConstraints? }
    struct Grant: Decodable { let scopes: [String]?; let constraints: NetworkConstraints? }
    struct Start: Decodable { let connectionId: String; let title: String?; let durationMins: Int; let from: Date; let to: Date; let ttlHours: Double? }
    struct Confirm: Decodable { let proposal: Int }
    struct Cancel: Decodable { let reason: String? }

    struct ConnectionOut: Encodable {
        let id: String, status: String, requesterId: String, addresseeEmail: String, addresseeId: String?
        let requesterScopes: [String], addresseeScopes: [String]
        let requesterConstraints: NetworkConstraints, addresseeConstraints: NetworkConstraints

        init(_ v: ConnectionView) {
            id = v.record.id; status = v.record.status; requesterId = v.record.requesterId
            addresseeEmail = v.record.addresseeEmail; addresseeId = v.record.addresseeId
            requesterScopes = v.requesterScopes.map(\.rawValue); addresseeScopes = v.addresseeScopes.map(\.rawValue)
            requesterConstraints = v.requesterConstraints; addresseeConstraints = v.addresseeConstraints
        }
    }

    struct SessionOut: Encodable {
        struct Message: Encodable { let kind: String; let senderId: String; let payload: String; let createdAt: Date }
        let id: String, connectionId: String, initiatorId: String, counterpartId: String, title: String, durationMins: Int
        let status: String, expiresAt: Date, confirmedStart: Date?, confirmedEnd: Date?
        let proposals: [Proposal]
        let transcript: [Message]?
    }

    static func out(_ s: NetworkSessionRecord, _ proposals: [Proposal], _ messages: [NetworkMessageRecord]?) -> SessionOut {
        SessionOut(id: s.id, connectionId: s.connectionId, initiatorId: s.initiatorId, counterpartId: s.counterpartId, title: s.title,
                   durationMins: s.durationMins, status: s.status, expiresAt: s.expiresAt, confirmedStart: s.confirmedStart,
                   confirmedEnd: s.confirmedEnd, proposals: proposals,
                   transcript: messages?.map { .init(kind: $0.kind, senderId: $0.senderId, payload: $0.payload, createdAt: $0.createdAt) })
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("connections") { _, context -> Response in
            try JSONResponse.make(["connections": try await connections.list(for: context.user).map(ConnectionOut.init)])
        }
        group.post("connections") { request, context -> Response in
            let body = try await request.decodeJSON(as: Invite.self, context: context)
            let view = try await mappingDelegationErrors {
                try await connections.invite(from: context.user, email: body.email, scopes: try NetworkScope.parse(body.scopes ?? []),
                                             constraints: body.constraints ?? NetworkConstraints())
            }
            try await audit.record(userID: context.user.id, action: "network.invite", target: view.record.id, ip: context.clientIP)
            return try JSONResponse.make(ConnectionOut(view), status: .created)
        }
        group.post("connections/{id}/accept") { request, context -> Response in
            let body = try await request.decodeJSON(as: Grant.self, context: context)
            let view = try await mappingDelegationErrors {
                try await connections.accept(try context.parameters.require("id"), by: context.user, scopes: try NetworkScope.parse(body.scopes ?? []),
                                             constraints: body.constraints ?? NetworkConstraints())
            }
            try await audit.record(userID: context.user.id, action: "network.accept", target: view.record.id, ip: context.clientIP)
            return try JSONResponse.make(ConnectionOut(view))
        }
        group.patch("connections/{id}") { request, context -> Response in
            let body = try await request.decodeJSON(as: Grant.self, context: context)
            let view = try await mappingDelegationErrors {
                try await connections.update(try context.parameters.require("id"), by: context.user, scopes: try body.scopes.map(NetworkScope.parse),
                                             constraints: body.constraints)
            }
            try await audit.record(userID: context.user.id, action: "network.update", target: view.record.id, ip: context.clientIP)
            return try JSONResponse.make(ConnectionOut(view))
        }
        group.post("connections/{id}/revoke") { _, context -> Response in
            let view = try await mappingDelegationErrors { try await connections.revoke(try context.parameters.require("id"), by: context.user) }
            try await audit.record(userID: context.user.id, action: "network.revoke", target: view.record.id, ip: context.clientIP)
            return try JSONResponse.make(ConnectionOut(view))
        }
        group.post("sessions") { request, context -> Response in
            let body = try await request.decodeJSON(as: Start.self, context: context)
            let session = try await mappingDelegationErrors {
                try await sessions.start(by: context.user, connectionID: body.connectionId, title: body.title ?? "Meeting", durationMins: body.durationMins,
                                         from: body.from, to: body.to, ttl: (body.ttlHours ?? 72) * 3600)
            }
            let (record, proposals, messages) = try await sessions.session(session.id, for: context.user)
            return try JSONResponse.make(Self.out(record, proposals, messages), status: .created)
        }
        group.get("sessions") { request, context -> Response in
            let list = try await sessions.connections.repository.sessions(userID: context.user.id, status: request.uri.queryParameters.get("status"))
            let out = try list.map { Self.out($0, try JSONDecoder.isoDates.decode([Proposal].self, from: Data($0.proposals.utf8)), nil) }
            return try JSONResponse.make(["sessions": out])
        }
        group.get("sessions/{id}") { _, context -> Response in
            let (record, proposals, messages) = try await mappingDelegationErrors {
                try await sessions.session(try context.parameters.require("id"), for: context.user)
            }
            return try JSONResponse.make(Self.out(record, proposals, messages))
        }
        group.post("sessions/{id}/confirm") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decodeJSON(as: Confirm.self, context: context)
            let key = request.headers[HTTPField.Name("Idempotency-Key")!] ?? "\(context.user.id):\(id):\(body.proposal)"
            let confirmed = try await mappingDelegationErrors {
                try await sessions.confirm(by: context.user, sessionID: id, index: body.proposal, idempotencyKey: key)
            }
            try await audit.record(userID: context.user.id, action: "network.confirm", target: id, ip: context.clientIP)
            let (record, proposals, messages) = try await sessions.session(confirmed.id, for: context.user)
            return try JSONResponse.make(Self.out(record, proposals, messages))
        }
        group.post("sessions/{id}/cancel") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decodeJSON(as: Cancel.self, context: context)
            let cancelled = try await mappingDelegationErrors {
                try await sessions.cancel(by: context.user, sessionID: id, reason: body.reason)
            }
            try await audit.record(userID: context.user.id, action: "network.cancel", target: id, ip: context.clientIP)
            let (record, proposals, messages) = try await sessions.session(cancelled.id, for: context.user)
            return try JSONResponse.make(Self.out(record, proposals, messages))
        }
    }
}

extension JSONDecoder {
    static var isoDates: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
