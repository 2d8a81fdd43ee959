import Foundation

/// Context one integration contributes to a turn: prompt lines under a heading, or a
/// degraded marker when it failed or was too slow.
public struct ContextSection: Sendable, Codable, Hashable {
    public var type: String
    public var heading: String
    public var lines: [String]
    /// Why the context is missing or incomplete; nil when it loaded.
    public var degradedReason: String?
    /// The connection needs the owner to sign in again.
    public var needsReauth: Bool

    public init(type: String, heading: String, lines: [String], degradedReason: String? = nil, needsReauth: Bool = false) {
        self.type = type
        self.heading = heading
        self.lines = lines
        self.degradedReason = degradedReason
        self.needsReauth = needsReauth
    }

    public static func degraded(_ type: String, heading: String, reason: String, needsReauth: Bool = false) -> ContextSection {
        ContextSection(type: type, heading: heading, lines: [], degradedReason: reason, needsReauth: needsReauth)
    }

    public var isDegraded: Bool { degradedReason != nil }
}

/// One integration the graph may load context from (calendar, mail, …). `keywords` decide
/// relevance for a message; the loader runs in its own branch under `timeout`.
public protocol ContextSource: Sendable {
    var type: String { get }
    /// A short human name ("your calendar") for degraded notes.
    var displayName: String { get }
    var keywords: [String] { get }
    /// Loaded for every turn regardless of keywords (the calendar usually is).
    var alwaysRelevant: Bool { get }
    func loadContext(for turn: TurnInput) async throws -> ContextSection
}

extension ContextSource {
    public var alwaysRelevant: Bool { false }
}
