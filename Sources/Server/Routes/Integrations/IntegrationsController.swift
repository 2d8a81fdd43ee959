import Foundation
import Hummingbird
import Integrations
import Storage

/// `/api/integrations`: the owner's connections, the connectable types, the OAuth2 connect and
/// callback, and disconnecting (which revokes at the provider).
struct IntegrationsController: Sendable {
    let hub: IntegrationHub
    let connections: IntegrationConnectionRepository
    let audit: AuditLogRepository

    struct ConnectRequest: Decodable {
        let type: String
    }

    struct Connection: Encodable {
        let type: String
        let name: String
        let status: String
        let accountEmail: String?
        let scopes: [String]
        let connectedAt: Date
        let updatedAt: Date
    }

    struct TypeEntry: Encodable {
        let type: String
        let name: String
        let status: String
        let auth: String
        let description: String
        let connectable: Bool
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get { _, context in
            let records = try await connections.list(userID: context.user.id)
            let list = records.map { record in
                Connection(
                    type: record.type, name: hub.registry.manifest(record.type)?.name ?? record.type, status: record.status,
                    accountEmail: record.accountEmail, scopes: record.scopes.split(separator: " ").map(String.init),
                    connectedAt: record.createdAt, updatedAt: record.updatedAt
                )
            }
            struct Body: Encodable { let integrations: [Connection]; let reauthRequired: [String] }
            return try JSONResponse.make(Body(integrations: list, reauthRequired: list.filter { $0.status == IntegrationConnectionRecord.needsReauth }.map(\.type)))
        }
        group.get("connect") { _, _ in
            let types = hub.registry.manifests.map { manifest in
                TypeEntry(type: manifest.type, name: manifest.name, status: manifest.status.rawValue, auth: manifest.auth.rawValue,
                          description: manifest.description,
                          connectable: manifest.status == .available && manifest.auth == .oauth2 && hub.google.isConfigured)
            }
            return try JSONResponse.make(["types": types])
        }
        group.post("connect") { request, context in
            let body = try await request.decodeJSON(as: ConnectRequest.self, context: context)
            do {
                let url = try await hub.oauth.authorizationURL(userID: context.user.id, type: body.type)
                return try JSONResponse.make(["authUrl": url])
            } catch let error as IntegrationError {
                throw Self.apiError(error)
            }
        }
        group.get("callback") { request, context in
            let query = request.uri.queryParameters
            let type = query.get("type") ?? ""
            do {
                try await hub.oauth.complete(
                    userID: context.user.id, type: type, code: query.get("code"), state: query.get("state"), error: query.get("error")
                )
            } catch let error as IntegrationError {
                try? await audit.record(userID: context.user.id, action: "integration.connect_failed", target: type, detail: error.code.rawValue, ip: context.clientIP)
                throw Self.apiError(error)
            }
            try? await audit.record(userID: context.user.id, action: "integration.connected", target: type, ip: context.clientIP)
            return Response(status: .found, headers: [.location: "/?connected=\(GoogleHTTP.percentEncode(type))"])
        }
        group.delete("{type}") { _, context in
            let type = context.parameters.get("type") ?? ""
            guard try await hub.tokens.disconnect(userID: context.user.id, type: type) else {
                throw APIError.notFound("\(type) is not connected")
            }
            try? await audit.record(userID: context.user.id, action: "integration.disconnected", target: type, ip: context.clientIP)
            return try JSONResponse.make(["disconnected": type])
        }
    }

    static func apiError(_ error: IntegrationError) -> APIError {
        switch error.code {
        case .unknownType: APIError(.notFound, code: error.code.rawValue, message: error.message)
        case .notImplemented: APIError(.notImplemented, code: error.code.rawValue, message: error.message)
        case .notConfigured: APIError(.serviceUnavailable, code: error.code.rawValue, message: error.message)
        case .upstreamFailed: APIError(.badGateway, code: error.code.rawValue, message: error.message)
        case .insufficientScope: APIError(.forbidden, code: error.code.rawValue, message: error.message)
        case .needsReauth: APIError(.conflict, code: error.code.rawValue, message: error.message)
        case .notConnected: APIError(.notFound, code: error.code.rawValue, message: error.message)
        case .notOAuth, .invalidState, .stateExpired, .accessDenied, .missingCode:
            APIError(.badRequest, code: error.code.rawValue, message: error.message)
        }
    }
}
