import Integrations
import ServiceLifecycle

/// Refreshes subscribed .ics feeds every `interval` until graceful shutdown.
struct ICSFeedRefreshService: Service {
    let refresher: ICSFeedRefresher
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            await refresher.run(every: interval)
        }
    }
}
