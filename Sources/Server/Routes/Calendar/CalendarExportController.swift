import Foundation
import Hummingbird
import Integrations
import Storage

/// `GET /api/calendar/export/{token}.ics`: the owner's local calendar for calendar apps that
/// subscribe by URL. The unguessable token is the credential (only its hash is stored); an
/// unknown token is a plain 404.
struct CalendarExportController: Sendable {
    let hub: IntegrationHub
    let feeds: CalendarFeedRepository
    let users: UserRepository

    func addRoutes(to router: some RouterMethods<PerinRequestContext>) {
        router.get("/api/calendar/export/{file}") { _, context in
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".ics"), file.count <= 100 else { throw APIError.notFound() }
            guard let userID = try await feeds.exportTokenOwner(token: String(file.dropLast(4))) else { throw APIError.notFound() }
            let name = try await users.find(id: userID).map { "\($0.name) (Perin)" } ?? "Perin"
            let text = try await hub.ics.exportCalendar(userID: userID, name: name)
            return Response(
                status: .ok,
                headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300"],
                body: .init(byteBuffer: ByteBuffer(string: text))
            )
        }
    }
}
