public import Foundation
public import Storage

extension NetworkSessions {
    /// Confirms proposal `index` of a session: a two-phase booking on both calendars.
    ///
    /// 1. claim: the session moves from open to confirming in one transaction, so of two racing
    ///    confirms exactly one proceeds (the other gets a 409); a retry with the same key after
    ///    success gets the same answer;
    /// 2. both owners' booking rows are inserted with the locked availability re-check;
    /// 3. the event is written to the initiator's calendar, then the counterpart's; when the
    ///    second write fails the first is deleted and the booking rows cancelled, and the
    ///    session is open again — neither calendar keeps the event.
    public func confirm(by user: UserRecord, sessionID: String, index: Int, idempotencyKey: String) async throws -> NetworkSessionRecord {
        let (session, proposals, _) = try await self.session(sessionID, for: user)
        let view = try await connections.active(session.connectionId, for: user)
        let otherID = session.initiatorId == user.id ? session.counterpartId : session.initiatorId
        // Confirming writes to the other owner's calendar: the counterpart confirming needs the
        // initiator's write-on-confirm grant; the initiator needs the counterpart's auto grant.
        try Self.require(user.id == session.counterpartId ? .writeOnConfirm : .writeAuto, grantedBy: otherID, in: view)
        guard proposals.indices.contains(index) else { throw DelegationError.invalid("no proposal number \(index + 1)") }
        guard session.expiresAt > now() || session.status == NetworkSessionRecord.confirmed else {
            throw DelegationError(.gone, code: "session_expired", "this session has expired")
        }
        guard let claim = try await repository.claimConfirm(sessionID: sessionID, key: idempotencyKey) else {
            throw DelegationError(.notFound, code: "not_found", "no such session")
        }
        var claimed: NetworkSessionRecord
        switch claim {
        case .replay(let done): return done
        case .conflict: throw DelegationError(.conflict, code: "already_confirmed", "this session is being or has been confirmed")
        case .claimed(let record): claimed = record
        }
        let proposal = proposals[index]
        do {
            guard let initiator = try await connections.users.find(id: session.initiatorId),
                  let counterpart = try await connections.users.find(id: session.counterpartId)
            else { throw DelegationError.invalid("a member no longer exists") }
            let (first, second) = try await bookBoth(session, proposal, initiator, counterpart)
            claimed.status = NetworkSessionRecord.confirmed
            claimed.confirmedStart = proposal.start
            claimed.confirmedEnd = proposal.end
            claimed.initiatorBookingId = first.id
            claimed.counterpartBookingId = second.id
            try await repository.finishConfirm(claimed)
            try await repository.append(NetworkMessageRecord(
                id: UUID().uuidString.lowercased(), sessionId: sessionID, senderId: user.id, kind: "confirm",
                payload: try NetworkConnections.json(proposal), dedupeKey: "confirm:" + idempotencyKey, createdAt: Self.transcriptTime()))
            let action = #"{"type":"network_session","sessionId":"\#(sessionID)","status":"confirmed"}"#
            await notifier.notify(userID: otherID, kind: "network.confirmed", title: "Confirmed: \(session.title)",
                                  body: "\(user.name) confirmed \(session.title) at \(DelegationLinks.iso(proposal.start)).", actionRef: action, deadline: nil)
            return claimed
        } catch {
            try? await repository.setStatus(sessionID: sessionID, status: NetworkSessionRecord.open)
            _ = try? await repository.append(NetworkMessageRecord(
                id: UUID().uuidString.lowercased(), sessionId: sessionID, senderId: user.id, kind: "error",
                payload: #"{"reason":"confirm failed"}"#, dedupeKey: "error:" + UUID().uuidString, createdAt: Self.transcriptTime()))
            if let error = error as? DelegationError { throw error }
            if let error = error as? DatabaseError, error.code == .conflict { throw DelegationError.slotTaken }
            throw DelegationError(.unavailable, code: "calendar_unavailable", "a calendar could not be written; nothing was booked")
        }
    }

    /// Declines (either member) an open session: it becomes `cancelled`, the transcript gets one
    /// `cancel` message, and the other owner is told. Cancelling a cancelled session is a no-op;
    /// a confirmed (or confirming) one is a 409 — its meeting is on both calendars already.
    public func cancel(by user: UserRecord, sessionID: String, reason: String?) async throws -> NetworkSessionRecord {
        let (session, _, _) = try await self.session(sessionID, for: user)
        if session.status == NetworkSessionRecord.cancelled { return session }
        guard try await repository.transition(sessionID: sessionID, from: NetworkSessionRecord.open, to: NetworkSessionRecord.cancelled) else {
            throw DelegationError(.conflict, code: "already_confirmed", "this session is being or has been confirmed; cancel the meeting instead")
        }
        let reason = reason.map { String($0.prefix(500)) }
        let payload = try NetworkConnections.json(["reason": reason ?? "declined"])
        try await repository.append(NetworkMessageRecord(
            id: UUID().uuidString.lowercased(), sessionId: sessionID, senderId: user.id, kind: "cancel",
            payload: payload, dedupeKey: "cancel", createdAt: Self.transcriptTime()))
        let otherID = session.initiatorId == user.id ? session.counterpartId : session.initiatorId
        let action = #"{"type":"network_session","sessionId":"\#(sessionID)","status":"cancelled"}"#
        await notifier.notify(userID: otherID, kind: "network.cancelled", title: "Declined: \(session.title)",
                              body: "\(user.name) declined \(session.title)" + (reason.map { ": \($0)" } ?? "."), actionRef: action, deadline: nil)
        var cancelled = session
        cancelled.status = NetworkSessionRecord.cancelled
        return cancelled
    }

    /// Books the meeting for both owners, undoing the first when the second fails.
    private func bookBoth(_ session: NetworkSessionRecord, _ proposal: Proposal, _ a: UserRecord, _ b: UserRecord) async throws -> (BookingRecord, BookingRecord) {
        let first = try await insertBooking(session, proposal, owner: a, guest: b)
        do {
            let second = try await insertBooking(session, proposal, owner: b, guest: a)
            do {
                // One instant, shown in each owner's own zone.
                let draft = CalendarEventDraft(uid: "\(session.id)@perin", title: session.title, start: proposal.start, end: proposal.end,
                                               details: "Arranged by Perin between \(a.name) and \(b.name).", attendees: [a.email, b.email],
                                               timeZone: a.timezone)
                var draftB = draft
                draftB.timeZone = b.timezone
                let eventA = try await calendar.insert(ownerID: a.id, draft)
                do {
                    let eventB = try await calendar.insert(ownerID: b.id, draftB)
                    if let eventA { try await bookings.setCalendarEventID(eventA, bookingID: first.id) }
                    if let eventB { try await bookings.setCalendarEventID(eventB, bookingID: second.id) }
                    return (first, second)
                } catch {
                    if let eventA { try? await calendar.delete(ownerID: a.id, eventID: eventA) }
                    throw error
                }
            } catch {
                _ = try? await bookings.cancel(id: second.id)
                throw error
            }
        } catch {
            _ = try? await bookings.cancel(id: first.id)
            throw error
        }
    }

    private func insertBooking(_ session: NetworkSessionRecord, _ proposal: Proposal, owner: UserRecord, guest: UserRecord) async throws -> BookingRecord {
        let stamp = DelegationLinks.millis(now())
        let record = BookingRecord(
            id: UUID().uuidString.lowercased(), ownerId: owner.id, linkId: nil, reference: ReferenceCode.generate(),
            startAt: proposal.start, endAt: proposal.end, title: session.title, location: nil, guestName: guest.name,
            guestEmail: guest.email, guestTimezone: guest.timezone, note: nil, uid: "\(session.id)@perin",
            manageTokenHash: SecretToken.hash(SecretToken.generate(prefix: "nm_")), idempotencyKey: nil, requestHash: nil,
            createdAt: stamp, updatedAt: stamp)
        let window = (from: proposal.start.addingTimeInterval(-1), to: proposal.end.addingTimeInterval(1))
        _ = try await bookings.insert(record, window: window) { snapshot in
            if snapshot.ownerBookings.contains(where: { $0.startAt < proposal.end && $0.endAt > proposal.start }) {
                throw DelegationError.slotTaken
            }
        }
        return record
    }
}
