import Foundation

/// One entry of a conversation. `payload` holds JSON for tool calls and results.
public struct MessageRecord: Codable, Sendable, Equatable {
    public var id: String
    public var conversationId: String
    public var userId: String
    public var role: String
    public var content: String
    public var payload: String?
    /// True when the stream was cut before the reply finished.
    public var partial: Bool
    /// Position in the conversation: timestamps alone cannot order two messages of one millisecond.
    public var seq: Int
    public var createdAt: Date

    public init(id: String, conversationId: String, userId: String, role: String, content: String, payload: String?, partial: Bool, seq: Int, createdAt: Date) {
        self.id = id
        self.conversationId = conversationId
        self.userId = userId
        self.role = role
        self.content = content
        self.payload = payload
        self.partial = partial
        self.seq = seq
        self.createdAt = createdAt
    }
}
