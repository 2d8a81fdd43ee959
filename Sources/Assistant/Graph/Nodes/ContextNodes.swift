import AgentGraph
import Foundation
import LLM

/// The nodes that gather what a turn knows before it answers: memory, intent, the relevant
/// integrations (one degradable branch each), notifications and negotiation sessions.
enum ContextNodes {
    static func loadMemory(_ services: AssistantServices) -> NodeFunction {
        { state, _ in
            guard let turn = state[AssistantKeys.turn], turn.mode == .owner else { return Update() }
            let ranked = try await services.memory.relevant(userID: turn.profile.userID, message: turn.userText, now: turn.now)
            return .set(AssistantKeys.memory, ranked.map { $0.record.content })
        }
    }

    static func extractContext(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            guard let turn = state[AssistantKeys.turn] else { return Update() }
            ModelTurn.emit(.progress("Reading your message"), context)
            let classification = IntentClassifier().classify(
                turn.userText, context: IntentContext(isDelegation: turn.mode == .delegation))
            return .set(AssistantKeys.intent, TurnIntent(intent: classification.intent.rawValue, confidence: classification.confidence))
        }
    }

    /// Manifest keywords (the sources' own) plus the client's requested integrations.
    static func detectIntegrations(_ services: AssistantServices) -> NodeFunction {
        { state, _ in
            guard let turn = state[AssistantKeys.turn] else { return Update() }
            let words = " " + turn.userText.lowercased() + " "
            let intent = state[AssistantKeys.intent]
            let relevant = services.contextSources.filter { source in
                source.alwaysRelevant || turn.requestedIntegrations.contains(source.type)
                    || source.keywords.contains { words.contains($0) }
                    || (intent?.scheduling == true && source.type.contains("calendar"))
            }.map(\.type)
            return .set(AssistantKeys.integrations, relevant)
        }
    }

    static let loadIntegrationNode = "loadIntegrationContext"

    /// One branch per integration; the branch never throws: a failure or a timeout becomes
    /// a degraded context and an action event, and the turn goes on.
    static func loadIntegrationContext(_ services: AssistantServices) -> NodeFunction {
        { state, context in
            guard let turn = state[AssistantKeys.turn], let type = try context.input(as: String.self),
                  let source = services.contextSources.first(where: { $0.type == type }) else { return Update() }
            ModelTurn.emit(.progress("Checking \(source.displayName)"), context)
            let loaded: ContextSection
            do {
                loaded = try await withDeadline(services.contextTimeout) { try await source.loadContext(for: turn) }
            } catch is CancellationError where Task.isCancelled {
                throw CancellationError()
            } catch is DeadlineExceeded {
                loaded = .degraded(type, heading: source.displayName, reason: "timed out")
            } catch {
                services.logger.warning("integration context failed", metadata: ["type": .string(type), "error_type": .string("\(Swift.type(of: error))")])
                loaded = .degraded(type, heading: source.displayName, reason: "could not be loaded")
            }
            if loaded.needsReauth { ModelTurn.emit(.action("reauth_required:\(type)"), context) }
            if loaded.isDegraded { ModelTurn.emit(.action("degraded:\(type)"), context) }
            return .set(AssistantKeys.contexts, [type: loaded])
        }
    }

    static func loadNotifications(_ services: AssistantServices) -> NodeFunction {
        { state, _ in
            guard let turn = state[AssistantKeys.turn], turn.mode == .owner else { return Update() }
            let items = (try? await services.notifications.actionable(userID: turn.profile.userID)) ?? []
            return .set(AssistantKeys.notifications, Array(items.prefix(10)))
        }
    }

    /// Scheduling turns only: open agent-to-agent sessions and proposals.
    static func negotiation(_ services: AssistantServices) -> NodeFunction {
        { state, _ in
            guard let turn = state[AssistantKeys.turn] else { return Update() }
            let lines = (try? await services.network.openSessions(userID: turn.profile.userID)) ?? []
            return .set(AssistantKeys.negotiation, Array(lines.prefix(10)))
        }
    }

    /// The user answers a notification: narrow the planner to the tools that answer it.
    static func notificationsAction(_ services: AssistantServices) -> NodeFunction {
        { _, context in
            ModelTurn.emit(.progress("Looking at your notifications"), context)
            return .set(AssistantKeys.focusTools, ["notifications_resolve", "network_confirm_meeting"])
        }
    }
}

struct DeadlineExceeded: Error {}

/// Runs `body`, failing with `DeadlineExceeded` after `limit` (the body is cancelled).
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlineExceeded() }
        return first
    }
}
