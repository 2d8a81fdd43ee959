import Foundation
import LLM

/// `POST /api/ai/classify`: intent, confidence and entities for a message. The offline
/// model answers itself; another model is asked with the `classify` prompt and, when its
/// JSON does not parse or names an unknown intent, the offline classifier answers instead.
public struct MessageClassifier: Sendable {
    public let model: any ChatModel
    public let prompts: PromptLibrary

    public init(model: any ChatModel, prompts: PromptLibrary) {
        self.model = model
        self.prompts = prompts
    }

    public func classify(_ text: String, profile: AgentProfile, now: Date = Date()) async -> JSONValue {
        let turn = TurnInput(profile: profile, userText: text, now: now)
        let values = PromptValues(turn: turn).dictionary
        let request = ChatRequest(messages: [.system(prompts.render(.classify, values)), .user(text)], temperature: 0)
        let offline = OfflineChatModel(defaultTimeZone: profile.zone, now: { now })
        if model is OfflineChatModel {
            return offline.classificationJSON(request)
        }
        if let completion = try? await model.complete(request), let parsed = Self.parse(completion.text) {
            return parsed
        }
        return offline.classificationJSON(request)
    }

    static func parse(_ text: String) -> JSONValue? {
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close,
              let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text[open...close].utf8)),
              let intent = value["intent"]?.stringValue, OfflineIntent(rawValue: intent) != nil else { return nil }
        return [
            "intent": .string(intent),
            "confidence": .double(min(1, max(0, value["confidence"]?.doubleValue ?? 0.5))),
            "entities": value["entities"] ?? [:],
        ]
    }
}
