import Foundation

/// One line of the audit log: who did what to which thing, from where. Never holds secrets.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String?
    public var action: String
    public var target: String?
    public var detail: String?
    public var ip: String?
    public var createdAt: Date
}
