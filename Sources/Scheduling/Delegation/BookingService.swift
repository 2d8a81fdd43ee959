public import Foundation
public import Storage

/// A booking as the guest gets it back: the record, a manage token (shown once) and the
/// invite.
public struct BookingResult: Sendable {
    public let booking: BookingRecord
    public let owner: UserRecord
    /// Present on a new booking and on an idempotent replay (which rotates it).
    public let manageToken: String?
    public let invite: String
    /// True when an earlier request with the same Idempotency-Key made the booking.
    public let replayed: Bool
}

/// Slots and bookings through delegation links: the public side of scheduling.
public struct BookingService: Sendable {
    public static let manageTokenPrefix = "bm_"
    /// Busy time is read this far around a meeting, so a daily cap in any zone sees its day.
    static let margin: TimeInterval = 36 * 3600

    public let links: DelegationLinks
    public let bookings: BookingRepository
    public let calendar: any OwnerCalendar
    public let notifier: any BookingNotifier
    public let publicURL: String
    public let now: @Sendable () -> Date

    public init(database: PerinDatabase, calendar: any OwnerCalendar = BookingsOnlyCalendar(),
                notifier: any BookingNotifier = SilentBookingNotifier(), publicURL: String,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.links = DelegationLinks(database: database, now: now)
        self.bookings = BookingRepository(database: database)
        self.calendar = calendar
        self.notifier = notifier
        self.publicURL = publicURL
        self.now = now
    }

    public func manageURL(_ token: String) -> String { publicURL + "/talk-to-perin/manage/" + token }

    // MARK: - Slots

    /// Free slots of `duration` minutes in [from, to) (at most 31 days). Only instants leave
    /// here: nothing about the owner's events.
    public func slots(link: ResolvedLink, from: Date, to: Date, duration: Int?) async throws -> [FreeSlot] {
        let minutes = duration ?? link.constraints.defaultDuration
        guard link.constraints.durations.contains(minutes) else {
            throw DelegationError.refused("duration_not_allowed", "a meeting through this link lasts \(link.constraints.durations.map(String.init).joined(separator: ", ")) minutes")
        }
        guard from < to, to.timeIntervalSince(from) <= 31 * 86_400 else { throw DelegationError.invalid("to must be after from, at most 31 days later") }
        let now = self.now()
        var rules = try link.constraints.rules(duration: minutes, zone: link.ownerZone, now: now)
        if let windowStart = link.constraints.windowStart, windowStart > now {
            rules.minimumNotice = max(rules.minimumNotice, windowStart.timeIntervalSince(now))
        }
        let busy = try await busy(ownerID: link.owner.id, from: from.addingTimeInterval(-Self.margin), to: to.addingTimeInterval(Self.margin))
        if let max = link.constraints.maxBookings, try await linkBookings(link) >= max { return [] }
        return AvailabilityEngine.freeSlots(busy: busy, rules: rules, from: from, to: to, now: now)
    }

    /// The owner's busy time: calendar events (minus those that are Perin bookings) and live
    /// bookings.
    func busy(ownerID: String, from: Date, to: Date) async throws -> [BusyInterval] {
        async let external = externalBusy(ownerID: ownerID, from: from, to: to)
        let live = try await bookings.liveSpans(ownerID: ownerID, from: from, to: to)
        return Self.combine(external: try await external.intervals, bookings: live)
    }

    func externalBusy(ownerID: String, from: Date, to: Date) async throws -> OwnerBusy {
        do {
            return try await calendar.busy(ownerID: ownerID, from: from, to: to)
        } catch {
            throw DelegationError(.unavailable, code: "calendar_unavailable", "the calendar could not be checked; please try again shortly")
        }
    }

    static func combine(external: [CalendarBusy], bookings: [BookingSpan]) -> [BusyInterval] {
        // A booking's own calendar event is the same meeting: drop it (by id, or by exactly the
        // same span when the calendar does not give ids) so a daily cap does not count it twice.
        let ownEvents = Set(bookings.compactMap(\.calendarEventId))
        let ownSpans = Set(bookings.map { "\($0.startAt.timeIntervalSince1970)|\($0.endAt.timeIntervalSince1970)" })
        return external.filter { busy in
            if let id = busy.eventID, ownEvents.contains(id) { return false }
            return !ownSpans.contains("\(busy.interval.start.timeIntervalSince1970)|\(busy.interval.end.timeIntervalSince1970)")
        }.map(\.interval)
            + bookings.map { BusyInterval(start: $0.startAt, end: $0.endAt) }
    }

    private func linkBookings(_ link: ResolvedLink) async throws -> Int {
        try await links.links.list(ownerID: link.owner.id).first { $0.link.id == link.record.id }?.bookings ?? 0
    }

    // MARK: - Booking

    /// Books `request` through `link`. The availability check runs again inside the writing
    /// transaction; the owner's calendar is read just before it.
    public func book(link: ResolvedLink, request raw: BookingRequest, idempotencyKey: String?) async throws -> BookingResult {
        let request = try raw.validated()
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.count > 200 {
            throw DelegationError.invalid("Idempotency-Key must be 1 to 200 characters")
        }
        let duration = request.durationMins ?? link.constraints.defaultDuration
        let now = self.now()
        let rules = try BookingPolicy.admit(start: request.start, duration: duration, constraints: link.constraints, zone: link.ownerZone, now: now)
        let start = request.start, end = start.addingTimeInterval(rules.meetingDuration)
        let window = (from: start.addingTimeInterval(-Self.margin), to: end.addingTimeInterval(Self.margin))
        let external = try await externalBusy(ownerID: link.owner.id, from: window.from, to: window.to)

        let manageToken = SecretToken.generate(prefix: Self.manageTokenPrefix)
        let id = UUID().uuidString.lowercased()
        let stamp = DelegationLinks.millis(now)
        var record = BookingRecord(
            id: id, ownerId: link.owner.id, linkId: link.record.id, reference: ReferenceCode.generate(),
            startAt: start, endAt: end, title: link.constraints.title ?? "Meeting with \(request.name)",
            location: link.constraints.location, guestName: request.name, guestEmail: request.email,
            guestTimezone: request.timezone, note: request.note, uid: "\(id)@perin", manageTokenHash: SecretToken.hash(manageToken),
            idempotencyKey: idempotencyKey, requestHash: idempotencyKey.map { _ in SecretToken.hash(request.fingerprint(linkID: link.record.id, duration: duration)) },
            createdAt: stamp, updatedAt: stamp
        )
        // The event's id is on the row from the start when the calendar can say it in advance.
        record.calendarEventId = calendar.plannedEventID(ownerID: link.owner.id, for: draft(record))
        let maxBookings = link.constraints.maxBookings
        let outcome: BookingRepository.InsertOutcome
        do {
            outcome = try await bookings.insert(record, window: window, countingLinkBookings: maxBookings != nil) { snapshot in
                try BookingPolicy.checkFree(
                    start: start, rules: rules, busy: Self.combine(external: external.intervals, bookings: snapshot.ownerBookings),
                    linkBookings: snapshot.linkBookings, maxBookings: maxBookings, now: now)
            }
        } catch let error as DatabaseError where error.code == .conflict {
            throw DelegationError.slotTaken
        }
        switch outcome {
        case .replayed(let existing):
            guard existing.requestHash == record.requestHash else {
                throw DelegationError.refused("idempotency_key_reused", "this Idempotency-Key was used for a different booking")
            }
            let fresh = SecretToken.generate(prefix: Self.manageTokenPrefix)
            try await bookings.rotateManageToken(id: existing.id, hash: SecretToken.hash(fresh))
            let invite = try BookingInvite.request(existing, owner: link.owner, manageURL: manageURL(fresh))
            return BookingResult(booking: existing, owner: link.owner, manageToken: fresh, invite: invite, replayed: true)
        case .created(var booking):
            booking.calendarEventId = try await writeEvent(booking, owner: link.owner, target: external.writeTarget)
            await notifier.bookingChanged(booking, change: .created, owner: link.owner)
            let invite = try BookingInvite.request(booking, owner: link.owner, manageURL: manageURL(manageToken))
            return BookingResult(booking: booking, owner: link.owner, manageToken: manageToken, invite: invite, replayed: false)
        }
    }

    /// Puts the booking on the owner's calendar; when that fails the booking is withdrawn, so
    /// the guest never holds a booking the owner cannot see.
    private func writeEvent(_ booking: BookingRecord, owner: UserRecord, target: String?) async throws -> String? {
        do {
            let eventID = try await calendar.insert(ownerID: owner.id, draft(booking), target: target)
            if eventID != booking.calendarEventId { try await bookings.setCalendarEventID(eventID, bookingID: booking.id) }
            return eventID
        } catch {
            _ = try? await bookings.cancel(id: booking.id)
            throw DelegationError(.unavailable, code: "calendar_unavailable", "the meeting could not be added to the calendar; nothing was booked")
        }
    }

    func draft(_ booking: BookingRecord) -> CalendarEventDraft {
        var details = "Booked through Perin by \(booking.guestName) <\(booking.guestEmail)>. Reference \(booking.reference)."
        if let note = booking.note { details += "\n\n" + note }
        return CalendarEventDraft(uid: booking.uid, title: booking.title, start: booking.startAt, end: booking.endAt,
                                  location: booking.location, details: details, attendees: [booking.guestEmail])
    }
}
