import Foundation

/// Answers that pick up an earlier exchange: booking a listed slot, answering a notification,
/// confirming a negotiated proposal.
extension OfflineToolPlanner {
    func delegationBooking() -> OfflinePlan? {
        let checked = conversation.lastExchange("delegation_check_availability")
        let minutes = entities.durationMinutes ?? checked?.arguments["durationMins"]?.intValue
            ?? conversation.context.meetingMinutes ?? 30
        let slots = checked.map { Self.slots(in: $0.result, clock: clock) } ?? []
        if let spec = conversation.tool("delegation_schedule_meeting"), let start = chosenStart(slots) {
            let visitor = self.visitor
            guard let email = visitor.email else {
                return .reply("\(clock.spokenSpan(start, start.addingTimeInterval(TimeInterval(minutes * 60)))) works. "
                    + "What name and email should I put on the booking?")
            }
            var arguments = ToolArgumentBuilder(spec: spec)
            arguments.set(.string(clock.iso(start)), as: ["start", "startTime", "start_time", "slotStart"])
            arguments.set(.int(minutes), as: ["durationMins", "durationMinutes", "duration_minutes", "duration"])
            arguments.set(.string(visitor.name ?? Self.name(fromEmail: email)), as: ["name", "visitorName", "guestName", "attendeeName"])
            arguments.set(.string(email), as: ["email", "visitorEmail", "guestEmail", "attendeeEmail"])
            if let quoted = Self.quoted(in: text) { arguments.set(.string(quoted), as: ["title", "topic", "subject"]) }
            return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
        }
        guard let spec = conversation.tool("delegation_check_availability") else { return nil }
        var window = schedulingWindow(minutes: minutes)
        if entities.date == nil { window.start = max(window.start, clock.now) }
        var arguments = ToolArgumentBuilder(spec: spec)
        arguments.set(.string(clock.iso(window.start)), as: ["from", "start", "windowStart", "rangeStart"])
        arguments.set(.string(clock.iso(window.end)), as: ["to", "end", "windowEnd", "rangeEnd"])
        arguments.set(.int(minutes), as: ["durationMins", "durationMinutes", "duration_minutes", "duration"])
        return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
    }

    /// The slot the visitor picked: by position ("the first one"), by time ("10:30"),
    /// or — when this message only gives a name and email — in an earlier message.
    private func chosenStart(_ slots: [Date]) -> Date? {
        if let start = choice(entities, slots: slots) { return start }
        let lower = text.lowercased()
        if slots.count == 1, ["yes", "works", "perfect", "great", "book it", "ok"].contains(where: lower.contains) { return slots[0] }
        guard entities.selfName != nil || !entities.emails.isEmpty else { return nil }
        let extractor = EntityExtractor(clock: clock)
        for earlier in conversation.userTexts.dropLast().reversed() {
            if let start = choice(extractor.extract(earlier), slots: slots) { return start }
        }
        return nil
    }

    private func choice(_ entities: ExtractedEntities, slots: [Date]) -> Date? {
        if let ordinal = entities.ordinal, !slots.isEmpty {
            return ordinal == -1 ? slots.last : slots.indices.contains(ordinal - 1) ? slots[ordinal - 1] : nil
        }
        guard let date = entities.date, date.precision == .minute else { return nil }
        if slots.contains(date.start) || slots.isEmpty { return date.start }
        // "10:30" answers a list of slots: the listed slot at that time of day.
        let timeOfDay = { (day: Date) in clock.calendar.dateComponents([.hour, .minute], from: day) }
        return slots.first { timeOfDay($0) == timeOfDay(date.start) } ?? date.start
    }

    private var visitor: (name: String?, email: String?) {
        let extractor = EntityExtractor(clock: clock)
        var name = conversation.context.visitorName
        var email = conversation.context.visitorEmail
        for message in conversation.userTexts.reversed() where name == nil || email == nil {
            let found = message == text ? entities : extractor.extract(message)
            name = name ?? found.selfName
            email = email ?? found.emails.first
        }
        return (name, email)
    }

    static func name(fromEmail email: String) -> String {
        let local = email.split(separator: "@").first.map(String.init) ?? email
        return local.split(whereSeparator: { ".-_".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// Slot starts listed in a tool result: records with a start, else every ISO time in it.
    static func slots(in result: String, clock: UserClock) -> [Date] {
        if let value = OfflineJSON.parse(result) {
            let starts = OfflineJSON.records(in: value).compactMap { OfflineJSON.string($0, ["start", "startTime", "start_time", "from"]) }
                .compactMap { ISOTimestamp.parse($0, in: clock)?.date }
            if !starts.isEmpty { return starts }
            if let items = value.arrayValue ?? OfflineJSON.find("slots", in: value)?.arrayValue {
                let strings = items.compactMap(\.stringValue).compactMap { ISOTimestamp.parse($0, in: clock)?.date }
                if !strings.isEmpty { return strings }
            }
        }
        return ISOTimestamp.all(in: result, clock: clock)
    }

    // MARK: Notifications and proposals

    var isDecline: Bool {
        let words = Set(OfflineTokenizer.tokenize(text).map(\.text))
        return !words.isDisjoint(with: ["decline", "reject", "deny", "no", "nope", "dismiss", "refuse", "can't", "cannot"])
    }

    func answerNotification() -> OfflinePlan? {
        guard let spec = conversation.tool("notifications_resolve") ?? conversation.tool(containing: ["notification"]) else { return nil }
        let items = conversation.notificationItems
        let position = entities.ordinal ?? 1
        var arguments = ToolArgumentBuilder(spec: spec)
        let itemIndex = position == -1 ? items.count - 1 : position - 1
        if items.indices.contains(itemIndex), let id = Self.identifier(in: items[itemIndex]) {
            arguments.set(.string(id), as: ["notificationId", "notification_id", "id"])
        }
        if arguments.values.isEmpty || arguments.declares(["index"]) && arguments.name(for: ["notificationId", "notification_id", "id"]) == nil {
            let indexName = arguments.name(for: ["index", "position", "number"]) ?? "index"
            let zeroBased = ["0-based", "zero-based", "starting at 0", "starts at 0", "from 0"].contains { arguments.description(of: indexName).contains($0) }
            let oneBased = position == -1 ? max(1, items.count) : position
            arguments.set(.int(zeroBased ? oneBased - 1 : oneBased), as: [indexName])
        }
        arguments.set(.string(action(for: spec)), as: ["action", "decision", "response"])
        return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
    }

    /// "accept"/"decline", or the schema's own words for them (`enum: ["approve", "reject"]`).
    private func action(for spec: ToolSpec) -> String {
        let options = OfflineJSON.find("action", in: spec.parameters)?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let wanted = isDecline ? ["decline", "reject", "deny", "no"] : ["accept", "approve", "confirm", "yes"]
        return options.first { option in wanted.contains { option.lowercased().contains($0) } } ?? wanted[0]
    }

    /// "id: n_42", "id=n_42", "[n_42]", "(#42)" in a notification line.
    static func identifier(in line: String) -> String? {
        let tokens = line.split(whereSeparator: { " ,;()".contains($0) }).map(String.init)
        for (index, token) in tokens.enumerated() {
            let lower = token.lowercased()
            if lower == "id:" || lower == "id" || lower == "id=", index + 1 < tokens.count {
                return tokens[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: ":=[]#"))
            }
            for prefix in ["id:", "id=", "notificationid:", "notificationid="] where lower.hasPrefix(prefix) && lower.count > prefix.count {
                return String(token.dropFirst(prefix.count)).trimmingCharacters(in: CharacterSet(charactersIn: "[]#"))
            }
            if token.hasPrefix("["), token.hasSuffix("]"), token.count > 2 { return String(token.dropFirst().dropLast()) }
        }
        return nil
    }

    /// "Yes, confirm it" after the other agent proposed times: confirm the chosen proposal.
    func confirmProposal() -> OfflinePlan? {
        guard !isDecline, let spec = conversation.tool("network_confirm_meeting"),
              let exchange = conversation.lastExchange("network_schedule_meeting"),
              text.lowercased().contains("confirm") || conversation.notificationItems.isEmpty
                || conversation.previousAssistantText.contains("Shall I confirm"),
              let result = OfflineJSON.parse(exchange.result) else { return nil }
        let records = OfflineJSON.records(in: result)
        let position = entities.ordinal ?? 1
        let chosen = position == -1 ? records.last : records.indices.contains(position - 1) ? records[position - 1] : records.first
        var arguments = ToolArgumentBuilder(spec: spec)
        for property in (arguments.properties?.keys.sorted() ?? []) {
            arguments.set(chosen?[property] ?? OfflineJSON.find(property, in: result), as: [property])
        }
        if let date = entities.date, date.precision == .minute {
            arguments.set(.string(clock.iso(date.start)), as: ["start", "proposalStart", "startTime"])
        }
        return .calls([PlannedCall(name: spec.name, arguments: arguments.json())])
    }
}
