import Foundation
import Logging
import Scheduling
import Storage

/// Session notifications as notification rows (the stream delivers them).
struct NotificationNetworkNotifier: NetworkNotifier {
    let notifications: NotificationRepository
    let logger: Logger

    func notify(userID: String, kind: String, title: String, body: String, actionRef: String?, deadline: Date?) async {
        do {
            _ = try await notifications.create(userID: userID, .init(kind: kind, title: title, body: body, actionRef: actionRef, deadline: deadline))
        } catch {
            logger.warning("network notification failed", metadata: ["kind": .string(kind)])
        }
    }
}

extension NetworkSessions {
    /// Sessions as the server wires them, for its routes and its assistant alike: the owners'
    /// calendars (Integrations: Google or local, unless a test sets one) and notification rows.
    static func server(database: PerinDatabase, calendar: any OwnerCalendar, logger: Logger,
                       now: @escaping @Sendable () -> Date = { Date() }) -> NetworkSessions {
        NetworkSessions(database: database, calendar: calendar,
                        notifier: NotificationNetworkNotifier(notifications: NotificationRepository(database: database), logger: logger), now: now)
    }
}
