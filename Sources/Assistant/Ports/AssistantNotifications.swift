import Foundation

/// An actionable notification shown to the agent ("Dana proposes Tue 10:00").
public struct NotificationItem: Sendable, Codable, Hashable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// The owner's actionable notifications; the network work (issue 9) supplies the real one.
public protocol AssistantNotifications: Sendable {
    func actionable(userID: String) async throws -> [NotificationItem]
    func resolve(userID: String, notificationID: String, action: String, idempotencyKey: String) async throws -> String
}

/// No notifications: the default until a notification store is wired in.
public struct NoNotifications: AssistantNotifications {
    public init() {}
    public func actionable(userID: String) async throws -> [NotificationItem] { [] }
    public func resolve(userID: String, notificationID: String, action: String, idempotencyKey: String) async throws -> String {
        throw ToolFailure("there is no notification \(notificationID)")
    }
}
