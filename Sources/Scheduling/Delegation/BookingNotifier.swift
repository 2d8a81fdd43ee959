public import Storage

/// What happened to a booking, for the owner's notification.
public enum BookingChange: String, Sendable {
    case created, cancelled, rescheduled
}

/// Tells the owner about bookings (a notification row, a live stream event). Failing to
/// notify never undoes a booking.
public protocol BookingNotifier: Sendable {
    func bookingChanged(_ booking: BookingRecord, change: BookingChange, owner: UserRecord) async
}

public struct SilentBookingNotifier: BookingNotifier {
    public init() {}
    public func bookingChanged(_ booking: BookingRecord, change: BookingChange, owner: UserRecord) async {}
}
