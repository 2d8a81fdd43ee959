import Foundation
import LLM

/// Tools, prompts and clocks shared by the offline model tests.
enum OfflineFixtures {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// A local wall-clock time in `zone` ("2026-11-21T10:00").
    static func local(_ text: String, _ zone: TimeZone) -> Date {
        ISOTimestamp.parse(text, in: UserClock(now: Date(timeIntervalSince1970: 0), timeZone: zone))!.date
    }

    /// Saturday 21 November 2026, 10:00 local.
    static func clock(_ zone: TimeZone, _ now: String = "2026-11-21T10:00") -> UserClock {
        UserClock(now: local(now, zone), timeZone: zone)
    }

    static func systemPrompt(_ zone: TimeZone = berlin, now: String = "2026-11-21T10:00", extra: String = "") -> String {
        """
        You are Perin, a personal assistant for Olivia.
        \(PromptContext.currentTimeLine(now: local(now, zone), timeZone: zone))
        \(extra)
        """
    }

    static func tool(_ name: String, _ properties: [String: JSONValue], required: [String] = []) -> ToolSpec {
        ToolSpec(name: name, description: name.replacingOccurrences(of: "_", with: " "),
                 parameters: ["type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string))])
    }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]

    static let ownerTools: [ToolSpec] = [
        tool("calendar_create_solo_event", ["title": string, "start": string, "end": string, "durationMins": integer, "timezone": string], required: ["title", "start"]),
        tool("network_schedule_meeting", ["counterpartEmail": string, "counterpartName": string, "durationMins": integer,
                                          "windowStart": string, "windowEnd": string, "title": string]),
        tool("network_confirm_meeting", ["sessionId": string, "proposalId": string]),
        tool("notifications_resolve", ["notificationId": string, "index": ["type": "integer", "description": "1-based position"],
                                       "action": ["type": "string", "enum": ["accept", "decline"]]], required: ["action"]),
        tool("memory_save", ["key": string, "content": string], required: ["key", "content"]),
        tool("calendar_list_events", ["from": string, "to": string]),
        tool("gmail_search", ["query": string], required: ["query"]),
    ]

    static let delegationTools: [ToolSpec] = [
        tool("delegation_check_availability", ["from": string, "to": string, "durationMins": integer]),
        tool("delegation_schedule_meeting", ["start": string, "durationMins": integer, "name": string, "email": string],
             required: ["start", "durationMins", "name", "email"]),
    ]

    static let notifications = """
        Notifications:
        - [n_1] Dana Lee wants to meet Tue 24 Nov 10:00
        - [n_2] Sam proposed lunch on Wed 25 Nov
        """

    static let delegationPrompt = """
        You are Perin, speaking on behalf of Olivia through a delegation link.
        Meeting duration: 30 minutes
        """

    static func model(_ zone: TimeZone = berlin) -> OfflineChatModel {
        OfflineChatModel(defaultTimeZone: zone, now: { local("2026-11-21T10:00", zone) })
    }

    static func arguments(_ call: ToolCall) -> JSONValue {
        (try? call.decodedArguments()) ?? .null
    }
}
