import Foundation
import Hummingbird
import Storage

/// `GET /api/health`: 200 when the database answers, 503 when it does not.
struct HealthController: Sendable {
    let probe: HealthProbe
    let databaseKind: DatabaseKind
    let startedAt: ContinuousClock.Instant
    /// Extra components (circuit breakers, …) reported by other modules.
    let components: @Sendable () -> [String: String]

    struct Report: Codable, Sendable {
        let status: String
        let database: String
        let databaseReachable: Bool
        let version: String
        let uptimeSeconds: Int
        let components: [String: String]
    }

    func addRoutes(to router: Router<PerinRequestContext>) {
        router.get("/api/health") { _, _ -> Response in
            let reachable = await probe.databaseReachable()
            let uptime = ContinuousClock.now - startedAt
            let report = Report(
                status: reachable ? "ok" : "unavailable",
                database: databaseKind.rawValue,
                databaseReachable: reachable,
                version: PerinVersion.current,
                uptimeSeconds: Int(uptime.components.seconds),
                components: components()
            )
            return try JSONResponse.make(report, status: reachable ? .ok : .serviceUnavailable)
        }
    }
}

public enum PerinVersion {
    public static let current = "0.1.0"
}
