import Hummingbird

/// `GET /metrics`: Prometheus text format.
struct MetricsController: Sendable {
    let metrics: HTTPMetrics

    func addRoutes(to router: Router<PerinRequestContext>) {
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.render()))
            )
        }
    }
}
