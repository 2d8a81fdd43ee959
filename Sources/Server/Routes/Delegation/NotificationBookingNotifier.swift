import Foundation
import Logging
import Scheduling
import Storage

/// Tells the owner about bookings through a notification row (which the notifications stream
/// then delivers).
struct NotificationBookingNotifier: BookingNotifier {
    let notifications: NotificationRepository
    let logger: Logger

    func bookingChanged(_ booking: BookingRecord, change: BookingChange, owner: UserRecord) async {
        let zone = TimeZone(identifier: owner.timezone) ?? .gmt
        let when = DelegationViews.localISO(booking.startAt, zone)
        let time = "\(when.prefix(10)) \(when.dropFirst(11).prefix(5)) (\(zone.identifier))"
        let (title, body): (String, String) = switch change {
        case .created: ("New booking: \(booking.guestName)", "\(booking.guestName) <\(booking.guestEmail)> booked \(booking.title) on \(time). Reference \(booking.reference).")
        case .cancelled: ("Booking cancelled: \(booking.guestName)", "\(booking.guestName) cancelled \(booking.title) on \(time). Reference \(booking.reference).")
        case .rescheduled: ("Booking moved: \(booking.guestName)", "\(booking.guestName) moved \(booking.title) to \(time). Reference \(booking.reference).")
        }
        let action = #"{"type":"booking","bookingId":"\#(booking.id)","reference":"\#(booking.reference)"}"#
        do {
            _ = try await notifications.create(userID: owner.id, .init(kind: "booking." + change.rawValue, title: title, body: body, actionRef: action))
        } catch {
            logger.warning("booking notification failed", metadata: ["booking": .string(booking.id)])
        }
    }
}
