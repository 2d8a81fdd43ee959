public import Foundation
public import Storage

/// A mutual free slot offered in a session.
public struct Proposal: Codable, Sendable, Equatable {
    public var start: Date
    public var end: Date
}

/// Tells owners about sessions (a notification row for the counterpart, with an action
/// reference the assistant's notification node can act on).
public protocol NetworkNotifier: Sendable {
    func notify(userID: String, kind: String, title: String, body: String, actionRef: String?, deadline: Date?) async
}

/// Negotiation sessions between two connected owners: mutual free slots from both calendars
/// and both rule sets, a deduplicated transcript, and a two-phase confirm that books both
/// calendars or neither.
public struct NetworkSessions: Sendable {
    public let connections: NetworkConnections
    public let bookings: BookingRepository
    public let calendar: any OwnerCalendar
    public let notifier: any NetworkNotifier
    public let now: @Sendable () -> Date

    public init(database: PerinDatabase, calendar: any OwnerCalendar, notifier: any NetworkNotifier, now: @escaping @Sendable () -> Date = { Date() }) {
        self.connections = NetworkConnections(database: database, now: now)
        self.bookings = BookingRepository(database: database)
        self.calendar = calendar
        self.notifier = notifier
        self.now = now
    }

    var repository: NetworkRepository { connections.repository }

    /// Transcript entries carry the wall-clock time they were written (not the injectable
    /// business clock), so their order is the order they happened.
    static func transcriptTime() -> Date { DelegationLinks.millis(Date()) }

    static func require(_ scope: NetworkScope, grantedBy grantor: String, in view: ConnectionView) throws(DelegationError) {
        guard view.scopes(grantedBy: grantor).contains(scope) else {
            throw DelegationError(.forbidden, code: "missing_scope", "the other owner has not granted \(scope.rawValue)")
        }
    }

    /// Starts a session from `user` with the connection's other member and proposes up to
    /// `limit` mutual free slots in [from, to).
    public func start(by user: UserRecord, connectionID: String, title: String, durationMins: Int, from: Date, to: Date,
                      ttl: TimeInterval = 3 * 86_400, limit: Int = 5) async throws -> NetworkSessionRecord {
        let view = try await connections.active(connectionID, for: user)
        guard let otherID = view.other(than: user.id), let other = try await connections.users.find(id: otherID) else {
            throw DelegationError(.gone, code: "connection_inactive", "this connection is not active")
        }
        try Self.require(.availabilityRead, grantedBy: otherID, in: view)
        try Self.require(.propose, grantedBy: otherID, in: view)
        let mine = view.constraints(of: user.id), theirs = view.constraints(of: otherID)
        guard durationMins >= max(mine.minDurationMins, theirs.minDurationMins), durationMins <= min(mine.maxDurationMins, theirs.maxDurationMins) else {
            throw DelegationError.refused("duration_not_allowed", "the length must suit both owners' limits")
        }
        guard from < to, to.timeIntervalSince(from) <= 31 * 86_400 else { throw DelegationError.invalid("the window must be at most 31 days") }
        guard (1...200).contains(title.count) else { throw DelegationError.invalid("title must be 1 to 200 characters") }
        guard (3600...(14 * 86_400)).contains(ttl) else { throw DelegationError.invalid("ttl must be 1 hour to 14 days") }
        let now = self.now()
        let proposals = try await mutualSlots(user, mine, other, theirs, duration: durationMins, from: from, to: to, now: now).prefix(limit)
        guard !proposals.isEmpty else { throw DelegationError.refused("no_mutual_time", "there is no time free for both of you in this window") }
        let stamp = DelegationLinks.millis(now)
        let session = NetworkSessionRecord(
            id: UUID().uuidString.lowercased(), connectionId: connectionID, initiatorId: user.id, counterpartId: otherID, title: title,
            durationMins: durationMins, status: NetworkSessionRecord.open, proposals: try NetworkConnections.json(Array(proposals)),
            expiresAt: stamp.addingTimeInterval(ttl), createdAt: stamp)
        try await repository.insert(session)
        try await repository.append(NetworkMessageRecord(id: UUID().uuidString.lowercased(), sessionId: session.id, senderId: user.id, kind: "proposal",
                                                         payload: session.proposals, dedupeKey: "proposal:initial", createdAt: Self.transcriptTime()))
        let zone = TimeZone(identifier: other.timezone) ?? .gmt
        let first = proposals.first.map { ZoneClock(zone).wall($0.start) }
        let action = #"{"type":"network_session","sessionId":"\#(session.id)","proposals":\#(session.proposals)}"#
        await notifier.notify(userID: otherID, kind: "network.proposal", title: "\(user.name) proposes \(title)",
                              body: "\(user.perinName) (for \(user.name)) proposes \(proposals.count) times for \(durationMins) minutes" + (first.map { ", the first \($0.year)-\(String(format: "%02d-%02d %02d:%02d", $0.month, $0.day, $0.hour, $0.minute)) \(zone.identifier)" } ?? ""),
                              actionRef: action, deadline: session.expiresAt)
        return session
    }

    /// Slots free for both owners under both rule sets.
    func mutualSlots(_ a: UserRecord, _ ac: NetworkConstraints, _ b: UserRecord, _ bc: NetworkConstraints,
                     duration: Int, from: Date, to: Date, now: Date) async throws -> [Proposal] {
        let margin: TimeInterval = 36 * 3600
        func free(_ user: UserRecord, _ constraints: NetworkConstraints) async throws -> [FreeSlot] {
            let busyExternal = try await calendar.busy(ownerID: user.id, from: from.addingTimeInterval(-margin), to: to.addingTimeInterval(margin)).intervals
            let live = try await bookings.liveSpans(ownerID: user.id, from: from.addingTimeInterval(-margin), to: to.addingTimeInterval(margin))
            let rules = try constraints.rules(duration: duration, zone: TimeZone(identifier: user.timezone) ?? .gmt, now: now)
            return AvailabilityEngine.freeSlots(busy: BookingService.combine(external: busyExternal, bookings: live), rules: rules, from: from, to: to, now: now)
        }
        let theirs = Set(try await free(b, bc).map(\.start))
        return try await free(a, ac).filter { theirs.contains($0.start) }.map { Proposal(start: $0.start, end: $0.end) }
    }

    public func session(_ id: String, for user: UserRecord) async throws -> (NetworkSessionRecord, [Proposal], [NetworkMessageRecord]) {
        guard let session = try await repository.session(id: id), session.initiatorId == user.id || session.counterpartId == user.id else {
            throw DelegationError(.notFound, code: "not_found", "no such session")
        }
        let proposals = try JSONDecoder.iso.decode([Proposal].self, from: Data(session.proposals.utf8))
        return (session, proposals, try await repository.messages(sessionID: id))
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
