import Foundation

/// Something the owner should see or answer. `actionRef` is JSON text (what answering acts on).
public struct NotificationRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var kind: String
    public var title: String
    public var body: String
    public var actionRef: String?
    public var deadline: Date?
    public var readAt: Date?
    public var resolvedAt: Date?
    public var resolution: String?
    public var createdAt: Date

    public var isRead: Bool { readAt != nil }
    public var isResolved: Bool { resolvedAt != nil }
}
