public import Foundation
public import Storage

/// The guest's manage link: look at, cancel or move a booking.
extension BookingService {
    /// The booking behind a manage token; unknown or malformed tokens are one 404.
    public func booking(manageToken: String) async throws -> (booking: BookingRecord, owner: UserRecord) {
        guard manageToken.hasPrefix(Self.manageTokenPrefix), manageToken.count == Self.manageTokenPrefix.count + 43 else {
            throw DelegationError.unknownBooking
        }
        let hash = SecretToken.hash(manageToken)
        guard let booking = try await bookings.find(manageTokenHash: hash),
              SecretToken.constantTimeEquals(booking.manageTokenHash, hash),
              let owner = try await links.users.find(id: booking.ownerId)
        else { throw DelegationError.unknownBooking }
        return (booking, owner)
    }

    /// Cancels: the invite becomes METHOD:CANCEL with SEQUENCE raised by one. Cancelling a
    /// cancelled booking answers the same CANCEL again.
    public func cancel(manageToken: String) async throws -> BookingResult {
        let (current, owner) = try await booking(manageToken: manageToken)
        guard current.status == BookingRecord.confirmed else {
            return BookingResult(booking: current, owner: owner, manageToken: nil, invite: try BookingInvite.cancel(current, owner: owner), replayed: true)
        }
        guard let cancelled = try await bookings.cancel(id: current.id) else { throw DelegationError.unknownBooking }
        if let eventID = cancelled.calendarEventId {
            // The booking is off either way; a calendar that cannot delete now keeps a stale
            // event the owner can remove, which is better than a booking that will not cancel.
            try? await calendar.delete(ownerID: owner.id, eventID: eventID)
        }
        await notifier.bookingChanged(cancelled, change: .cancelled, owner: owner)
        return BookingResult(booking: cancelled, owner: owner, manageToken: nil, invite: try BookingInvite.cancel(cancelled, owner: owner), replayed: false)
    }

    /// Moves the booking to `start` under the same link rules; UID kept, SEQUENCE + 1.
    public func reschedule(manageToken: String, start: Date, duration: Int?) async throws -> BookingResult {
        let (current, owner) = try await booking(manageToken: manageToken)
        guard current.status == BookingRecord.confirmed else {
            throw DelegationError.refused("cancelled", "this booking was cancelled")
        }
        guard let linkID = current.linkId, let record = try await links.links.find(id: linkID, ownerID: owner.id) else {
            throw DelegationError.linkGone
        }
        let now = self.now()
        if record.revokedAt != nil || record.expiresAt <= now { throw DelegationError.linkGone }
        let constraints = try DelegationLinks.decodeConstraints(record.constraintsJson)
        let minutes = duration ?? Int(current.endAt.timeIntervalSince(current.startAt) / 60)
        let zone = TimeZone(identifier: owner.timezone) ?? .gmt
        let rules = try BookingPolicy.admit(start: start, duration: minutes, constraints: constraints, zone: zone, now: now)
        let end = start.addingTimeInterval(rules.meetingDuration)
        let window = (from: start.addingTimeInterval(-Self.margin), to: end.addingTimeInterval(Self.margin))
        let external = try await externalBusy(ownerID: owner.id, from: window.from, to: window.to).intervals
            .filter { busy in
                // The meeting being moved does not block its own new time.
                !(busy.eventID != nil && busy.eventID == current.calendarEventId)
                    && !(busy.interval.start == current.startAt && busy.interval.end == current.endAt)
            }
        let moved: BookingRecord?
        do {
            moved = try await bookings.reschedule(id: current.id, start: start, end: end, window: window) { snapshot in
                // The link's cap is not re-counted: moving does not add a booking.
                try BookingPolicy.checkFree(start: start, rules: rules, busy: Self.combine(external: external, bookings: snapshot.ownerBookings),
                                            linkBookings: 0, maxBookings: nil, now: now)
            }
        } catch let error as DatabaseError where error.code == .conflict {
            throw DelegationError.slotTaken
        }
        guard let moved else { throw DelegationError.refused("cancelled", "this booking was cancelled") }
        if let eventID = moved.calendarEventId {
            try? await calendar.update(ownerID: owner.id, eventID: eventID, draft(moved))
        }
        await notifier.bookingChanged(moved, change: .rescheduled, owner: owner)
        let invite = try BookingInvite.request(moved, owner: owner, manageURL: manageURL(manageToken))
        return BookingResult(booking: moved, owner: owner, manageToken: manageToken, invite: invite, replayed: false)
    }
}
