import Assistant
import Foundation
import LLM
import Scheduling
import Storage

/// The Assistant's network port over `NetworkSessions`: open sessions for the negotiation
/// node, and the `network_schedule_meeting` / `network_confirm_meeting` tools. Scope, state
/// and membership checks stay inside `NetworkSessions`; refusals reach the model as their
/// client-safe messages.
struct SessionNetworkScheduling: NetworkScheduling {
    let sessions: NetworkSessions

    func openSessions(userID: String) async throws -> [String] {
        guard let user = try await sessions.connections.users.find(id: userID) else { return [] }
        let clock = UserClock(now: sessions.now(), timeZone: TimeZone(identifier: user.timezone) ?? .gmt)
        var lines: [String] = []
        for session in try await sessions.connections.repository.sessions(userID: userID, status: NetworkSessionRecord.open)
        where session.expiresAt > clock.now {
            let (_, proposals, _) = try await sessions.session(session.id, for: user)
            let other = try await sessions.connections.users.find(id: session.initiatorId == userID ? session.counterpartId : session.initiatorId)
            let times = proposals.prefix(5).enumerated().map { "\($0.offset + 1)) \(clock.iso($0.element.start))" }.joined(separator: ", ")
            lines.append("Session \(session.id): \(session.title), \(session.durationMins) min with \(other?.name ?? "a contact")"
                + (session.initiatorId == userID ? " (waiting for them)" : "") + "; proposals \(times)")
        }
        return lines
    }

    func scheduleMeeting(userID: String, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue {
        let user = try await member(userID)
        guard let from = arguments["windowStart"]?.stringValue.flatMap(JSONSchemaValidator.parseDate),
              let to = arguments["windowEnd"]?.stringValue.flatMap(JSONSchemaValidator.parseDate) else {
            throw ToolFailure("windowStart and windowEnd must be ISO 8601 times")
        }
        let wanted = (arguments["counterpartEmail"]?.stringValue ?? arguments["counterpartName"]?.stringValue ?? "").lowercased()
        guard !wanted.isEmpty else { throw ToolFailure("who should I meet? give me their email") }
        guard let (connection, other) = try await connection(of: user, matching: wanted) else {
            throw ToolFailure("you are not connected with \(wanted) on Perin yet; invite them in your network first")
        }
        let duration = arguments["durationMins"]?.intValue ?? 30
        let session = try await Self.mapped {
            try await sessions.start(by: user, connectionID: connection, title: arguments["title"]?.stringValue ?? "Meeting with \(other.name)",
                                     durationMins: duration, from: from, to: to)
        }
        let (_, proposals, _) = try await sessions.session(session.id, for: user)
        let clock = UserClock(now: sessions.now(), timeZone: TimeZone(identifier: user.timezone) ?? .gmt)
        return [
            "sessionId": .string(session.id), "title": .string(session.title), "durationMins": .int(duration), "with": .string(other.name),
            "status": .string("proposed; waiting for \(other.name) to accept"),
            "proposals": .array(proposals.enumerated().map { ["proposalId": .string(String($0.offset + 1)), "start": .string(clock.iso($0.element.start)),
                                                              "end": .string(clock.iso($0.element.end))] }),
        ]
    }

    func confirmMeeting(userID: String, arguments: JSONValue, idempotencyKey: String) async throws -> JSONValue {
        let user = try await member(userID)
        var sessionID = arguments["sessionId"]?.stringValue
        if sessionID == nil {
            // No id: the only open session the user was asked about.
            let open = try await sessions.connections.repository.sessions(userID: userID, status: NetworkSessionRecord.open)
            guard open.count == 1 else { throw ToolFailure(open.isEmpty ? "there is no open proposal to confirm" : "which session? give its sessionId") }
            sessionID = open[0].id
        }
        let (_, proposals, _) = try await Self.mapped { try await sessions.session(sessionID!, for: user) }
        var index = (arguments["proposalId"]?.stringValue.flatMap(Int.init) ?? arguments["proposalId"]?.intValue).map { $0 - 1 } ?? 0
        if let start = arguments["start"]?.stringValue.flatMap(JSONSchemaValidator.parseDate) {
            guard let found = proposals.firstIndex(where: { $0.start == start }) else { throw ToolFailure("that time is not one of the proposals") }
            index = found
        }
        return try await Self.confirm(sessions, user: user, sessionID: sessionID!, index: index, idempotencyKey: idempotencyKey)
    }

    /// Confirms and describes the booked time in the user's zone (shared with the notification answer).
    static func confirm(_ sessions: NetworkSessions, user: UserRecord, sessionID: String, index: Int, idempotencyKey: String) async throws -> JSONValue {
        let confirmed = try await mapped { try await sessions.confirm(by: user, sessionID: sessionID, index: index, idempotencyKey: idempotencyKey) }
        let clock = UserClock(now: sessions.now(), timeZone: TimeZone(identifier: user.timezone) ?? .gmt)
        return ["confirmed": true, "sessionId": .string(confirmed.id), "title": .string(confirmed.title),
                "start": .string(confirmed.confirmedStart.map(clock.iso) ?? ""), "end": .string(confirmed.confirmedEnd.map(clock.iso) ?? ""),
                "timezone": .string(user.timezone)]
    }

    private func member(_ userID: String) async throws -> UserRecord {
        guard let user = try await sessions.connections.users.find(id: userID) else { throw ToolFailure("unknown account") }
        return user
    }

    /// The active connection whose other member has this email (or name).
    private func connection(of user: UserRecord, matching wanted: String) async throws -> (String, UserRecord)? {
        for view in try await sessions.connections.list(for: user) where view.record.status == NetworkConnectionRecord.active {
            guard let otherID = view.other(than: user.id), let other = try await sessions.connections.users.find(id: otherID) else { continue }
            if other.email.lowercased() == wanted || other.name.lowercased() == wanted { return (view.record.id, other) }
        }
        return nil
    }

    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DelegationError { throw ToolFailure(error.message) }
    }
}
