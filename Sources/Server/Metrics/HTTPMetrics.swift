import Prometheus

/// Request counts and latency histograms by route template, method and status, in a registry
/// owned by the application (not the process-global MetricsSystem, so tests can run many apps).
public final class HTTPMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func record(route: String, method: String, status: Int, nanoseconds: UInt64) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(name: "perin_http_requests_total", labels: labels).increment()
        registry.makeDurationHistogram(
            name: "perin_http_request_duration_seconds", labels: [("route", route), ("method", method)], buckets: Self.buckets
        ).recordNanoseconds(Int64(nanoseconds))
    }

    /// Prometheus text exposition format.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
