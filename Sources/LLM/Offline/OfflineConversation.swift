import Foundation

/// A tool call the assistant made and the result that came back for it.
struct ToolExchange: Sendable {
    var call: ToolCall
    var result: String
    var arguments: JSONValue { (try? call.decodedArguments()) ?? .object([:]) }
}

/// The request as the offline model sees it: the last user message, the tool exchanges
/// before and after it, the prompt context and the user's clock.
struct OfflineConversation: Sendable {
    let request: ChatRequest
    let context: PromptContext
    let clock: UserClock
    /// The newest user message ("" when there is none).
    let userText: String
    /// Every user message, oldest first.
    let userTexts: [String]
    /// Tool exchanges after the newest user message: the model is being asked to reply to them.
    let pending: [ToolExchange]
    /// Every tool exchange, oldest first.
    let history: [ToolExchange]

    init(request: ChatRequest, fallbackNow: Date, fallbackZone: TimeZone) {
        self.request = request
        let context = PromptContext(system: request.messages.filter { $0.role == .system }.compactMap(\.content))
        self.context = context
        self.clock = UserClock(now: context.now ?? fallbackNow, timeZone: context.timeZone ?? fallbackZone)
        let lastUser = request.messages.lastIndex { $0.role == .user }
        userText = lastUser.flatMap { request.messages[$0].content } ?? ""
        userTexts = request.messages.filter { $0.role == .user }.compactMap(\.content)
        var results: [String: String] = [:]
        for message in request.messages where message.role == .tool {
            if let id = message.toolCallID { results[id] = message.content ?? "" }
        }
        var history: [ToolExchange] = []
        var pending: [ToolExchange] = []
        for (index, message) in request.messages.enumerated() where message.role == .assistant {
            for call in message.toolCalls {
                let exchange = ToolExchange(call: call, result: results[call.id] ?? "")
                history.append(exchange)
                if index > (lastUser ?? -1) { pending.append(exchange) }
            }
        }
        self.history = history
        self.pending = pending
    }

    /// The assistant's text just before the newest user message ("… Shall I confirm the first one?").
    var previousAssistantText: String {
        guard let lastUser = request.messages.lastIndex(where: { $0.role == .user }) else { return "" }
        return request.messages[..<lastUser].last { $0.role == .assistant && $0.content != nil }?.content ?? ""
    }

    var toolsAllowed: Bool { request.toolChoice != ToolChoice.none }

    /// The offered tool called `name`, unless tool choice forbids it.
    func tool(_ name: String) -> ToolSpec? {
        guard toolsAllowed else { return nil }
        if case .function(let only) = request.toolChoice, only != name { return nil }
        return request.tools.first { $0.name == name }
    }

    /// The first offered tool whose name contains one of `words`.
    func tool(containing words: [String]) -> ToolSpec? {
        request.tools.first { spec in words.contains { spec.name.lowercased().contains($0) } }.flatMap { tool($0.name) }
    }

    var isDelegation: Bool {
        tool("delegation_schedule_meeting") != nil || tool("delegation_check_availability") != nil
            || (context.mentionsDelegation && request.tools.allSatisfy { $0.name.hasPrefix("delegation") } && !request.tools.isEmpty)
    }

    /// The newest exchange with tool `name`.
    func lastExchange(_ name: String) -> ToolExchange? { history.last { $0.call.name == name } }

    var notificationItems: [String] { context.items(headedBy: ["notification"]) }

    static let memoryHeadings = ["memory", "remember", "know", "about the user", "preference", "facts"]

    /// Working hours narrowed by a remembered preference ("prefers morning meetings").
    var preferredHours: (start: Int, end: Int) {
        let memory = context.items(headedBy: Self.memoryHeadings).joined(separator: " ").lowercased()
        guard memory.contains("prefer") else { return (9, 17) }
        if memory.contains("morning") { return (9, 12) }
        if memory.contains("afternoon") { return (13, 17) }
        return (9, 17)
    }
}
