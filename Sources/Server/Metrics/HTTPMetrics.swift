import Prometheus
import Synchronization

/// Request counts and latency histograms by route template, method and status, in a registry
/// owned by the application (not the process-global MetricsSystem, so tests can run many apps).
public final class HTTPMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// Instruments by (route, method, status), so the hot path is one locked dictionary look-up
    /// instead of the registry's name and label validation on every request.
    private let instruments = Mutex<[InstrumentKey: (Counter, DurationHistogram)]>([:])

    private struct InstrumentKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func record(route: String, method: String, status: Int, nanoseconds: UInt64) {
        let key = InstrumentKey(route: route, method: method, status: status)
        let (counter, histogram) = instruments.withLock { cache in
            if let found = cache[key] { return found }
            let made = (
                registry.makeCounter(name: "perin_http_requests_total", labels: [("route", route), ("method", method), ("status", String(status))]),
                registry.makeDurationHistogram(
                    name: "perin_http_request_duration_seconds", labels: [("route", route), ("method", method)], buckets: Self.buckets
                )
            )
            cache[key] = made
            return made
        }
        counter.increment()
        histogram.recordNanoseconds(Int64(nanoseconds))
    }

    /// Prometheus text exposition format.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
