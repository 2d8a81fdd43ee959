import Foundation
import Hummingbird
import Storage

/// `GET /api/conversations`, `GET /api/conversations/{id}/messages`, `DELETE /api/conversations/{id}`.
struct ConversationController: Sendable {
    let conversations: ConversationRepository

    struct Page: Sendable {
        let limit: Int
        let offset: Int

        init(_ request: Request) throws {
            let limit = request.uri.queryParameters.get("limit").map { Int($0) } ?? 50
            let offset = request.uri.queryParameters.get("offset").map { Int($0) } ?? 0
            guard let limit, (1...200).contains(limit) else { throw APIError.badRequest("limit must be 1 to 200") }
            guard let offset, offset >= 0 else { throw APIError.badRequest("offset must be 0 or more") }
            self.limit = limit
            self.offset = offset
        }
    }

    struct Message: Encodable {
        let id: String
        let role: String
        let content: String
        let payload: String?
        let partial: Bool
        let createdAt: Date
    }

    func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get { request, context in
            let page = try Page(request)
            let list = try await conversations.list(userID: context.user.id, limit: page.limit, offset: page.offset)
            struct Item: Encodable { let id: String; let title: String; let createdAt: Date; let updatedAt: Date }
            struct Body: Encodable { let conversations: [Item]; let limit: Int; let offset: Int }
            return try JSONResponse.make(Body(
                conversations: list.map { Item(id: $0.id, title: $0.title, createdAt: $0.createdAt, updatedAt: $0.updatedAt) },
                limit: page.limit, offset: page.offset
            ))
        }
        group.get(":id/messages") { request, context in
            let id = try context.parameters.require("id")
            let page = try Page(request)
            guard try await conversations.find(id: id, userID: context.user.id) != nil else {
                throw APIError.notFound("conversation not found")
            }
            let messages = try await conversations.messages(conversationID: id, userID: context.user.id, limit: page.limit, offset: page.offset)
            struct Body: Encodable { let messages: [Message]; let limit: Int; let offset: Int }
            return try JSONResponse.make(Body(
                messages: messages.map { Message(id: $0.id, role: $0.role, content: $0.content, payload: $0.payload, partial: $0.partial, createdAt: $0.createdAt) },
                limit: page.limit, offset: page.offset
            ))
        }
        group.delete(":id") { _, context in
            let id = try context.parameters.require("id")
            guard try await conversations.delete(id: id, userID: context.user.id) else { throw APIError.notFound("conversation not found") }
            return Response(status: .noContent)
        }
    }
}
