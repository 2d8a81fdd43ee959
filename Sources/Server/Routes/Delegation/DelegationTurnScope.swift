import Scheduling
import Storage

/// The link a delegation chat turn runs for. The Assistant's tools are built once per server,
/// so the link travels with the turn's task tree (task-local) rather than through the graph;
/// the graph's child tasks inherit it, and nothing outside the turn can see it.
struct DelegationTurnScope: Sendable {
    let link: ResolvedLink
    let bookings: BookingService
    let audit: AuditLogRepository
    let clientIP: String
    /// The visitor's IANA zone (their copy of the times); the owner's when not given.
    let visitorZone: String

    @TaskLocal static var current: DelegationTurnScope?
}
