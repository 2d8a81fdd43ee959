import Foundation
import LLM

/// The owner's tools: calendar, memory, notifications and the network tools. Each handler
/// re-checks what the schema cannot (end after start, ranges) and answers with JSON the
/// model reads back; times go out as ISO 8601 in the owner's zone.
public enum OwnerTools {
    static let dateTime: JSONValue = ["type": "string", "format": "date-time", "description": "ISO 8601 with offset, e.g. 2026-11-24T10:00:00+01:00"]

    public static func calendar(_ calendar: any AssistantCalendar) -> [AssistantTool] {
        [
            AssistantTool(
                name: "calendar_create_solo_event",
                description: "Put an event on the owner's own calendar at an exact time.",
                parameters: [
                    "type": "object",
                    "properties": [
                        "title": ["type": "string", "minLength": 1, "maxLength": 200],
                        "start": dateTime, "end": dateTime,
                        "durationMins": ["type": "integer", "minimum": 5, "maximum": 720],
                        "timezone": ["type": "string"],
                        "attendees": ["type": "array", "items": ["type": "string"], "maxItems": 50],
                    ],
                    "required": ["title", "start"],
                ],
                sideEffecting: true
            ) { invocation in
                let arguments = invocation.arguments
                guard let start = arguments["start"]?.stringValue.flatMap(JSONSchemaValidator.parseDate) else { throw ToolFailure("start is missing") }
                var end = arguments["end"]?.stringValue.flatMap(JSONSchemaValidator.parseDate)
                if end == nil { end = start.addingTimeInterval(TimeInterval((arguments["durationMins"]?.intValue ?? 30) * 60)) }
                guard let end, end > start, end.timeIntervalSince(start) <= 12 * 3600 else {
                    throw ToolFailure("the end must be after the start and within 12 hours")
                }
                let draft = CalendarDraft(
                    title: arguments["title"]?.stringValue ?? "Event", start: start, end: end,
                    attendees: arguments["attendees"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                    timeZone: invocation.turn.profile.timeZone)
                let item = try await calendar.createEvent(userID: invocation.turn.profile.userID, draft: draft, idempotencyKey: invocation.idempotencyKey)
                let clock = invocation.turn.clock
                return ["id": .string(item.id), "title": .string(item.title), "start": .string(clock.iso(item.start)),
                        "end": .string(clock.iso(item.end)), "timezone": .string(invocation.turn.profile.timeZone)]
            },
            AssistantTool(
                name: "calendar_list_events",
                description: "List the owner's calendar events between two times (read-only).",
                parameters: ["type": "object", "properties": ["from": dateTime, "to": dateTime], "required": ["from", "to"]],
                sideEffecting: false
            ) { invocation in
                guard let from = invocation.arguments["from"]?.stringValue.flatMap(JSONSchemaValidator.parseDate),
                      let to = invocation.arguments["to"]?.stringValue.flatMap(JSONSchemaValidator.parseDate), to > from,
                      to.timeIntervalSince(from) <= 62 * 86_400 else { throw ToolFailure("'to' must be after 'from' and within 62 days") }
                let clock = invocation.turn.clock
                let items = try await calendar.events(userID: invocation.turn.profile.userID, from: from, to: to)
                return ["events": .array(items.map { ["title": .string($0.title), "start": .string(clock.iso($0.start)), "end": .string(clock.iso($0.end))] })]
            },
        ]
    }

    public static func mail(_ mail: any AssistantMail) -> AssistantTool {
        AssistantTool(
            name: "gmail_search",
            description: "Search the owner's email (read-only): newest messages matching a Gmail query such as 'from:dana is:unread contract'.",
            parameters: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "minLength": 1, "maxLength": 300],
                    "limit": ["type": "integer", "minimum": 1, "maximum": 20],
                ],
                "required": ["query"],
            ],
            sideEffecting: false
        ) { invocation in
            let query = invocation.arguments["query"]?.stringValue ?? "in:inbox"
            let items = try await mail.search(userID: invocation.turn.profile.userID, query: query, limit: invocation.arguments["limit"]?.intValue ?? 10)
            let clock = invocation.turn.clock
            return ["messages": .array(items.map { item in
                ["from": .string(item.from), "subject": .string(item.subject), "snippet": .string(item.snippet),
                 "date": item.date.map { .string(clock.iso($0)) } ?? .null, "unread": .bool(item.unread)]
            })]
        }
    }

    public static func memory(_ memory: MemoryService) -> AssistantTool {
        AssistantTool(
            name: "memory_save",
            description: "Remember a fact or preference about the owner for later conversations.",
            parameters: [
                "type": "object",
                "properties": [
                    "key": ["type": "string", "minLength": 1, "maxLength": 120, "description": "short snake_case name"],
                    "content": ["type": "string", "minLength": 1, "maxLength": 2000],
                    "importance": ["type": "number", "minimum": 0, "maximum": 1],
                ],
                "required": ["key", "content"],
            ],
            sideEffecting: true
        ) { invocation in
            let record = try await memory.save(
                userID: invocation.turn.profile.userID, key: invocation.arguments["key"]?.stringValue ?? "note",
                content: invocation.arguments["content"]?.stringValue ?? "", type: "preference",
                importance: invocation.arguments["importance"]?.doubleValue ?? 0.7)
            return ["saved": true, "key": .string(record.key), "content": .string(record.content)]
        }
    }

    public static func notifications(_ notifications: any AssistantNotifications) -> AssistantTool {
        AssistantTool(
            name: "notifications_resolve",
            description: "Accept or decline one of the owner's actionable notifications.",
            parameters: [
                "type": "object",
                "properties": ["notificationId": ["type": "string", "minLength": 1], "action": ["type": "string", "enum": ["accept", "decline"]]],
                "required": ["notificationId", "action"],
            ],
            sideEffecting: true
        ) { invocation in
            let message = try await notifications.resolve(
                userID: invocation.turn.profile.userID, notificationID: invocation.arguments["notificationId"]?.stringValue ?? "",
                action: invocation.arguments["action"]?.stringValue ?? "accept", idempotencyKey: invocation.idempotencyKey)
            return ["resolved": true, "message": .string(message)]
        }
    }

    public static func network(_ network: any NetworkScheduling) -> [AssistantTool] {
        [
            AssistantTool(
                name: "network_schedule_meeting",
                description: "Ask another Perin owner's agent for mutual free times (a window, not an exact time).",
                parameters: [
                    "type": "object",
                    "properties": [
                        "counterpartEmail": ["type": "string"], "counterpartName": ["type": "string"],
                        "durationMins": ["type": "integer", "minimum": 5, "maximum": 480],
                        "windowStart": dateTime, "windowEnd": dateTime, "title": ["type": "string"], "timezone": ["type": "string"],
                    ],
                    "required": ["durationMins", "windowStart", "windowEnd"],
                ],
                sideEffecting: true
            ) { invocation in
                try await network.scheduleMeeting(userID: invocation.turn.profile.userID, arguments: invocation.arguments, idempotencyKey: invocation.idempotencyKey)
            },
            AssistantTool(
                name: "network_confirm_meeting",
                description: "Confirm one proposed time of an agent-to-agent scheduling session.",
                parameters: [
                    "type": "object",
                    "properties": ["sessionId": ["type": "string"], "proposalId": ["type": "string"], "start": dateTime],
                ],
                sideEffecting: true
            ) { invocation in
                try await network.confirmMeeting(userID: invocation.turn.profile.userID, arguments: invocation.arguments, idempotencyKey: invocation.idempotencyKey)
            },
        ]
    }

    /// The only tools a delegation (external contact) run may use.
    public static func delegation(_ booking: any DelegationBooking) -> [AssistantTool] {
        [
            AssistantTool(
                name: "delegation_check_availability",
                description: "Free slots of the owner within the link's constraints.",
                parameters: [
                    "type": "object",
                    "properties": ["from": dateTime, "to": dateTime, "durationMins": ["type": "integer", "minimum": 5, "maximum": 480]],
                    "required": ["from", "to"],
                ],
                modes: [.delegation], sideEffecting: false
            ) { invocation in
                try await booking.checkAvailability(turn: invocation.turn, arguments: invocation.arguments)
            },
            AssistantTool(
                name: "delegation_schedule_meeting",
                description: "Book a free slot with the owner for the visitor.",
                parameters: [
                    "type": "object",
                    "properties": [
                        "start": dateTime, "durationMins": ["type": "integer", "minimum": 5, "maximum": 480],
                        "name": ["type": "string", "minLength": 1, "maxLength": 200], "email": ["type": "string", "minLength": 3, "maxLength": 320],
                        "title": ["type": "string", "maxLength": 200],
                    ],
                    "required": ["start", "name", "email"],
                ],
                modes: [.delegation], sideEffecting: true
            ) { invocation in
                try await booking.schedule(turn: invocation.turn, arguments: invocation.arguments, idempotencyKey: invocation.idempotencyKey)
            },
        ]
    }
}
