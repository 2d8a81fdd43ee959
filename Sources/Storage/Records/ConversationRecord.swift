import Foundation

public struct ConversationRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date
}
