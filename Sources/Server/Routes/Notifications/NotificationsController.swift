import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
import Storage

/// `/api/notifications`: list, mark read, resolve, and a live SSE stream.
struct NotificationsController: Sendable {
    let notifications: NotificationRepository
    let hub: NotificationHub
    let audit: AuditLogRepository
    /// Comment lines keep idle streams open through proxies.
    var heartbeat: Duration = .seconds(15)

    struct View: Encodable {
        let id: String
        let kind: String
        let title: String
        let body: String
        let actionRef: String?
        let deadline: Date?
        let read: Bool
        let resolved: Bool
        let resolution: String?
        let createdAt: Date

        init(_ r: NotificationRecord) {
            id = r.id; kind = r.kind; title = r.title; body = r.body; actionRef = r.actionRef; deadline = r.deadline
            read = r.isRead; resolved = r.isResolved; resolution = r.resolution; createdAt = r.createdAt
        }
    }

    struct Resolve: Decodable {
        let resolution: String
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get { request, context -> Response in
            let query = request.uri.queryParameters
            let limit = query.get("limit").flatMap(Int.init) ?? 50
            guard (1...500).contains(limit) else { throw APIError.badRequest("limit must be 1 to 500") }
            let list = try await notifications.list(userID: context.user.id, unreadOnly: query.get("unread") == "true",
                                                    unresolvedOnly: query.get("unresolved") == "true", kind: query.get("kind"), limit: limit)
            return try JSONResponse.make(["notifications": list.map(View.init)])
        }
        group.post("{id}/read") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let record = try await notifications.markRead(userID: context.user.id, id: id) else { throw APIError.notFound("no such notification") }
            return try JSONResponse.make(View(record))
        }
        group.post("{id}/resolve") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decodeJSON(as: Resolve.self, context: context)
            let resolution = body.resolution.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !resolution.isEmpty, resolution.count <= 500 else { throw APIError.badRequest("resolution must be 1 to 500 characters") }
            guard let record = try await notifications.resolve(userID: context.user.id, id: id, resolution: resolution) else {
                throw APIError.notFound("no such notification")
            }
            try await audit.record(userID: context.user.id, action: "notification.resolve", target: id, ip: context.clientIP)
            return try JSONResponse.make(View(record))
        }
        group.get("stream") { _, context -> Response in
            let stream = hub.subscribe(userID: context.user.id)
            let heartbeat = self.heartbeat
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    let (ticks, tick) = AsyncStream.makeStream(of: String.self)
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: heartbeat)
                            tick.yield(": keep-alive\n\n")
                        }
                    }
                    group.addTask {
                        for await record in stream {
                            let data = try JSONResponse.encoder.encode(View(record))
                            tick.yield("event: notification\nid: \(record.id)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
                        }
                        tick.finish()
                    }
                    // A server shutting down ends the stream at once (the client reconnects to
                    // another instance after `retry`), rather than holding shutdown until the bound.
                    for await frame in ticks.cancelOnGracefulShutdown() { try await writer.write(ByteBuffer(string: frame)) }
                    group.cancelAll()
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"], body: body)
        }
    }
}
