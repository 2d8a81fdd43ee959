import Foundation

/// Something the agent remembers about its owner.
public struct MemoryRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var key: String
    public var content: String
    public var type: String
    public var importance: Double
    public var createdAt: Date
    public var updatedAt: Date
}
