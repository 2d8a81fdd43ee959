import Assistant
import Foundation
import LLM
import Scheduling

/// The Assistant's delegation tools over `BookingService`: the link's constraints are
/// enforced there (the same path as the public slots and book routes). Results carry only
/// instants and the visitor's own booking, never the owner's events.
struct LinkDelegationBooking: DelegationBooking {
    func checkAvailability(turn: TurnInput, arguments: JSONValue) async throws -> JSONValue {
        let scope = try Self.scope()
        guard let from = arguments["from"]?.stringValue.flatMap(JSONSchemaValidator.parseDate),
              let to = arguments["to"]?.stringValue.flatMap(JSONSchemaValidator.parseDate) else {
            throw ToolFailure("from and to must be ISO 8601 times")
        }
        let duration = arguments["durationMins"]?.intValue ?? scope.link.constraints.defaultDuration
        let slots = try await Self.mapped { try await scope.bookings.slots(link: scope.link, from: from, to: to, duration: duration) }
        let clock = turn.clock
        // A long list helps nobody in a chat; the page's slot picker shows the rest.
        return [
            "durationMins": .int(duration), "timezone": .string(turn.profile.timeZone),
            "slots": .array(slots.prefix(12).map { ["start": .string(clock.iso($0.start)), "end": .string(clock.iso($0.end))] }),
            "more": .bool(slots.count > 12),
        ]
    }

    func schedule(turn: TurnInput, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue {
        let scope = try Self.scope()
        guard let start = arguments["start"]?.stringValue.flatMap(JSONSchemaValidator.parseDate) else {
            throw ToolFailure("start must be an ISO 8601 time")
        }
        let request = BookingRequest(
            start: start, durationMins: arguments["durationMins"]?.intValue, name: arguments["name"]?.stringValue ?? "",
            email: arguments["email"]?.stringValue ?? "", timezone: scope.visitorZone, note: arguments["title"]?.stringValue)
        let result = try await Self.mapped {
            try await scope.bookings.book(link: scope.link, request: request, idempotencyKey: "chat:" + idempotencyKey)
        }
        try await scope.audit.record(userID: scope.link.owner.id, action: result.replayed ? "booking.replay" : "booking.create",
                                     target: result.booking.id, detail: "link \(scope.link.record.id) ref \(result.booking.reference) (chat)",
                                     ip: scope.clientIP)
        let clock = turn.clock
        var reply: [String: JSONValue] = [
            "booked": true, "reference": .string(result.booking.reference), "title": .string(result.booking.title),
            "start": .string(clock.iso(result.booking.startAt)), "end": .string(clock.iso(result.booking.endAt)),
            "guestName": .string(result.booking.guestName), "guestEmail": .string(result.booking.guestEmail),
        ]
        if let token = result.manageToken { reply["manageUrl"] = .string(scope.bookings.manageURL(token)) }
        return .object(reply)
    }

    private static func scope() throws -> DelegationTurnScope {
        guard let scope = DelegationTurnScope.current else { throw ToolFailure("booking through this link is not available right now") }
        return scope
    }

    /// Refusals carry guest-safe messages (they never name the owner's events): the model may read them.
    private static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DelegationError { throw ToolFailure(error.message) }
    }
}
