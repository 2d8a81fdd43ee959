import Foundation
import Integrations

/// The Integrations module's calendar (Google when connected, else the local calendar) as
/// the assistant's calendar.
public struct ProviderCalendar: AssistantCalendar {
    public let provider: any CalendarProvider

    public init(provider: any CalendarProvider) {
        self.provider = provider
    }

    public func events(userID: String, from: Date, to: Date) async throws -> [CalendarItem] {
        try await provider.events(userID: userID, from: from, to: to).map {
            CalendarItem(id: $0.id, title: $0.title, start: $0.start, end: $0.end, attendees: $0.attendees.map(\.email))
        }
    }

    public func createEvent(userID: String, draft: CalendarDraft, idempotencyKey: String) async throws -> CalendarItem {
        let new = NewCalendarEvent(title: draft.title, start: draft.start, end: draft.end, timeZone: draft.timeZone,
                                   attendees: draft.attendees.map { CalendarAttendee(email: $0) })
        do {
            let event = try await provider.createEvent(userID: userID, new, idempotencyKey: idempotencyKey)
            return CalendarItem(id: event.id, title: event.title, start: event.start, end: event.end, attendees: event.attendees.map(\.email))
        } catch let error as CalendarError {
            // Calendar errors carry client-safe messages: the model may read them.
            throw ToolFailure(error.message)
        }
    }
}

/// Gmail (Integrations) as the assistant's read-only mail search. Errors become client-safe
/// tool failures the model can read: not connected, needs sign-in again, unavailable.
public struct GmailMail: AssistantMail {
    public let client: GmailClient

    public init(client: GmailClient) {
        self.client = client
    }

    public func search(userID: String, query: String, limit: Int) async throws -> [MailItem] {
        do {
            return try await client.recent(userID: userID, query: query, count: limit).map { message in
                MailItem(from: GmailTransformer.clean(message.header("From") ?? "unknown sender", limit: 120),
                         subject: GmailTransformer.clean(message.header("Subject") ?? "(no subject)", limit: 200),
                         snippet: GmailTransformer.clean(message.snippet ?? "", limit: 300), date: message.date, unread: message.isUnread)
            }
        } catch let error as IntegrationError where error.code == .notConnected {
            throw ToolFailure("Gmail is not connected; the owner can connect it under Integrations")
        } catch let error as IntegrationError where error.code == .needsReauth {
            throw ToolFailure("Gmail needs the owner to sign in again")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ToolFailure("Gmail could not be searched just now")
        }
    }
}

/// One integration's context from the Integrations module's loaders (mail, .ics feeds),
/// with its manifest keywords; degraded and re-auth states map onto `ContextSection`.
public struct HubContextSource: ContextSource {
    public let hub: IntegrationHub
    public let type: String
    public let displayName: String
    public let keywords: [String]
    public let timeout: Duration

    public init(hub: IntegrationHub, type: String, timeout: Duration = .seconds(3)) {
        self.hub = hub
        self.type = type
        let manifest = hub.registry.manifest(type)
        self.displayName = manifest?.name ?? type
        self.keywords = manifest?.keywords ?? []
        self.timeout = timeout
    }

    public func loadContext(for turn: TurnInput) async throws -> ContextSection {
        guard let loaded = await hub.loadContexts(userID: turn.profile.userID, types: [type], timeout: timeout).first else {
            return .degraded(type, heading: displayName, reason: "not connected")
        }
        switch loaded.status {
        case .ok:
            let lines = loaded.text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "- ")) }
            return ContextSection(type: type, heading: displayName, lines: lines.filter { !$0.isEmpty })
        case .degraded:
            return .degraded(type, heading: displayName, reason: "could not be loaded")
        case .needsReauth:
            return .degraded(type, heading: displayName, reason: "needs to be connected again", needsReauth: true)
        }
    }
}
