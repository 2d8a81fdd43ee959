import Assistant
import Foundation
import Scheduling
import Storage

/// The Assistant's notifications port over `NotificationRepository`: unresolved rows with an
/// action reference are actionable; accepting a network proposal confirms it through
/// `NetworkSessions` (the first proposal, which the notification names), then resolves the row.
struct NotificationActions: AssistantNotifications {
    let notifications: NotificationRepository
    /// nil: network answers cannot be booked here (resolving only records the answer).
    let sessions: NetworkSessions?

    struct ActionRef: Decodable {
        let type: String?
        let sessionId: String?
        let status: String?
    }

    func actionable(userID: String) async throws -> [NotificationItem] {
        let now = Date()
        return try await notifications.list(userID: userID, unresolvedOnly: true, limit: 20)
            .filter { $0.actionRef != nil && ($0.deadline.map { $0 > now } ?? true) }
            .map { NotificationItem(id: $0.id, text: "\($0.title) — \($0.body)") }
    }

    func resolve(userID: String, notificationID: String, action: String, idempotencyKey: String) async throws -> String {
        guard let row = try await notifications.find(userID: userID, id: notificationID) else {
            throw ToolFailure("there is no notification \(notificationID)")
        }
        if row.isResolved { return "already answered (\(row.resolution ?? "resolved"))" }
        let ref = row.actionRef.flatMap { try? JSONDecoder().decode(ActionRef.self, from: Data($0.utf8)) }
        var message = action == "accept" ? "accepted" : "declined"
        if ref?.type == "network_session", ref?.status == nil, let sessionID = ref?.sessionId, let sessions {
            guard let user = try await sessions.connections.users.find(id: userID) else { throw ToolFailure("unknown account") }
            if action == "accept" {
                let booked = try await SessionNetworkScheduling.confirm(sessions, user: user, sessionID: sessionID, index: 0, idempotencyKey: idempotencyKey)
                message = "accepted; \(booked["title"]?.stringValue ?? "the meeting") is booked for \(booked["start"]?.stringValue ?? "") on both calendars"
            } else {
                // The other agent hears the answer: the session closes with a `cancel` entry.
                _ = try await SessionNetworkScheduling.mapped { try await sessions.cancel(by: user, sessionID: sessionID, reason: nil) }
                message = "declined; the other side has been told"
            }
        }
        _ = try await notifications.resolve(userID: userID, id: notificationID, resolution: action == "accept" ? "accepted" : "declined")
        return message
    }
}
