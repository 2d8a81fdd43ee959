import Foundation
import Logging
import Storage
import Synchronization

/// Fans new notifications out to the live streams of this process. It listens once per
/// process (PostgreSQL `LISTEN`, or a poll on SQLite) and only while someone is subscribed;
/// a lost database connection is retried after a second.
final class NotificationHub: Sendable {
    private struct State {
        var subscribers: [String: [UUID: AsyncStream<NotificationRecord>.Continuation]] = [:]
        var listener: Task<Void, Never>?
    }

    private let state = Mutex(State())
    private let signals: NotificationSignals
    private let notifications: NotificationRepository
    private let logger: Logger

    init(database: PerinDatabase, logger: Logger) {
        self.signals = NotificationSignals(database: database)
        self.notifications = NotificationRepository(database: database)
        self.logger = logger
    }

    deinit {
        state.withLock { $0.listener?.cancel() }
    }

    /// A stream of `userID`'s new notifications; it ends when the caller stops iterating.
    func subscribe(userID: String) -> AsyncStream<NotificationRecord> {
        let (stream, continuation) = AsyncStream.makeStream(of: NotificationRecord.self, bufferingPolicy: .bufferingNewest(100))
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.subscribers[userID]?[id] = nil
                if state.subscribers[userID]?.isEmpty == true { state.subscribers[userID] = nil }
                if state.subscribers.isEmpty {
                    state.listener?.cancel()
                    state.listener = nil
                }
            }
        }
        state.withLock { state in
            state.subscribers[userID, default: [:]][id] = continuation
            if state.listener == nil { state.listener = startListener() }
        }
        return stream
    }

    /// Number of open streams (tests, metrics).
    var subscriberCount: Int { state.withLock { $0.subscribers.values.reduce(0) { $0 + $1.count } } }

    private func startListener() -> Task<Void, Never> {
        // Holds the hub strongly while listening; the last subscriber leaving cancels it.
        Task { [self, signals, logger] in
            while !Task.isCancelled {
                do {
                    try await signals.run { userID, id in await self.deliver(userID: userID, id: id) }
                } catch is CancellationError {
                    return
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("notification listener failed; retrying", metadata: ["error": .string(String(describing: type(of: error)))])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func deliver(userID: String, id: String) async {
        let waiting = state.withLock { $0.subscribers[userID].map { Array($0.values) } ?? [] }
        guard !waiting.isEmpty, let record = try? await notifications.find(userID: userID, id: id) else { return }
        for continuation in waiting { continuation.yield(record) }
    }
}
