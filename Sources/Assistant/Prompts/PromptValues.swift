import Foundation
import LLM

/// Everything templates may name, gathered from the graph state: the agent's persona, the
/// owner's clock, memory, integration contexts, notifications and negotiation lines.
struct PromptValues {
    var turn: TurnInput
    var memory: [String] = []
    var contexts: [ContextSection] = []
    var notifications: [NotificationItem] = []
    var negotiation: [String] = []

    var dictionary: [String: Any] {
        let profile = turn.profile
        let loaded = contexts.filter { !$0.isDegraded }
        let degraded = contexts.filter(\.isDegraded).map { "\($0.heading): \($0.degradedReason ?? "unavailable")" }
        return [
            "perinName": profile.perinName,
            "ownerName": profile.ownerName,
            "tone": profile.tone,
            "timeZone": profile.timeZone,
            "specialization": profile.specialization.map { $0 as Any } ?? false,
            "currentTime": turn.clock.iso(turn.now),
            "hasMemory": !memory.isEmpty,
            "memory": memory,
            "contexts": loaded.map { ["heading": $0.heading, "lines": $0.lines] as [String: Any] },
            "hasNotifications": !notifications.isEmpty,
            "notifications": notifications.map { "[\($0.id)] \($0.text)" },
            "hasNegotiation": !negotiation.isEmpty,
            "negotiation": negotiation,
            "hasDegraded": !degraded.isEmpty,
            "degraded": degraded,
            "hasDelegationNotes": !turn.delegationNotes.isEmpty,
            "delegationNotes": turn.delegationNotes,
        ]
    }
}
