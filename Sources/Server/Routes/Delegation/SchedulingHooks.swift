import Foundation
import Scheduling

/// What scheduling routes need from other modules, set by whoever assembles the server: the
/// owner's calendar (Integrations: Google when connected, else the local calendar), how owners
/// are notified, and the delegation chat (Assistant). The chat answers 501 until one is set.
public struct SchedulingHooks: Sendable {
    /// nil: the Integrations calendar service (Google when connected, else local).
    public var calendar: (any OwnerCalendar)?
    /// nil: a notification row per booking change.
    public var notifier: (any BookingNotifier)?
    public var delegationChat: (any DelegationChatHandler)?
    /// The clock (tests move it).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
