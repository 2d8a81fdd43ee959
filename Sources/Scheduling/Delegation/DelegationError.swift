/// Why a delegation or booking request was refused. `code` is stable for clients; the message
/// is written for the guest and never names the owner's other events.
public struct DelegationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Bad input: 400.
        case invalid
        /// Unknown link, booking or connection: 404.
        case notFound
        /// Expired or revoked: 410.
        case gone
        /// The request breaks the link's rules: 422.
        case refused
        /// The time is taken (or another confirm won): 409.
        case conflict
        /// A calendar behind the booking failed: 503.
        case unavailable
        /// The caller lacks a permission: 403.
        case forbidden
    }

    public let kind: Kind
    public let code: String
    public let message: String

    public init(_ kind: Kind, code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func invalid(_ message: String) -> DelegationError { .init(.invalid, code: "invalid_request", message) }
    /// The same answer for every unknown token, so responses do not tell which links exist.
    public static let unknownLink = DelegationError(.notFound, code: "not_found", "this link does not exist")
    public static let linkGone = DelegationError(.gone, code: "link_gone", "this link has expired or was withdrawn")
    public static let unknownBooking = DelegationError(.notFound, code: "not_found", "no such booking")
    public static let slotTaken = DelegationError(.conflict, code: "slot_taken", "this time was just booked; please pick another slot")
    public static func refused(_ code: String, _ message: String) -> DelegationError { .init(.refused, code: code, message) }
}
