import AsyncHTTPClient
import Foundation
import Logging
import Storage

/// Fetches subscribed .ics feeds and caches their busy time. `refreshAll` is one pass;
/// `run(every:)` repeats it until cancelled (the server runs it as a background service).
public struct ICSFeedRefresher: Sendable {
    let feeds: CalendarFeedRepository
    let http: GoogleHTTP
    let logger: Logger
    /// Busy time is cached for this window from now.
    public var window: TimeInterval = 60 * 86_400
    let now: @Sendable () -> Date

    public init(database: PerinDatabase, http: GoogleHTTP, logger: Logger = Logger(label: "perin.ics-feeds"),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.feeds = CalendarFeedRepository(database: database)
        self.http = http
        self.logger = logger
        self.now = now
    }

    /// Refreshes one feed; a failure keeps the previous cache and is recorded on the feed.
    public func refresh(_ feed: ICSFeedRecord) async throws {
        do {
            let reply = try await http.send(.GET, feed.url, service: "ics-feed")
            guard (200..<300).contains(reply.status) else { throw CalendarError(.unavailable, "the feed answered HTTP \(reply.status)") }
            let text = String(decoding: reply.body, as: UTF8.self)
            let start = now().addingTimeInterval(-86_400)
            let busy = try CalendarICS.busy(in: text, from: start, to: start.addingTimeInterval(window))
            try await feeds.replaceBusy(feedID: feed.id, userID: feed.userId, busy: busy)
        } catch {
            // Never log the URL: a private feed URL is a secret.
            logger.warning("ics feed refresh failed", metadata: ["feed": .string(feed.id), "error": .string(String(describing: type(of: error)))])
            try? await feeds.recordError(feedID: feed.id, message: "refresh failed")
            throw error
        }
    }

    public func refreshAll() async {
        guard let all = try? await feeds.allFeeds() else { return }
        for feed in all {
            if Task.isCancelled { return }
            try? await refresh(feed)
        }
    }

    /// Refreshes every feed now and then every `interval`, until the task is cancelled.
    public func run(every interval: Duration = .seconds(900)) async {
        while !Task.isCancelled {
            await refreshAll()
            try? await Task.sleep(for: interval)
        }
    }
}
