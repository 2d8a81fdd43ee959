#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where and how to reach an OpenAI-compatible server (OpenAI, llama.cpp, vLLM, Ollama,
/// LM Studio). The API key is never part of `description`.
public struct OpenAIConfiguration: Sendable, CustomStringConvertible {
    /// Up to and including the version segment, e.g. `https://api.openai.com/v1`.
    public var baseURL: String
    /// Sent as `Authorization: Bearer …`; local servers usually need none.
    public var apiKey: String?
    public var model: String
    public var timeouts: Timeouts
    /// Largest answer read, streamed or not (error bodies stop at 64 KiB).
    public var maxResponseBytes: Int
    /// Largest single server-sent event accepted while streaming.
    public var maxEventBytes: Int
    /// Name used in errors, logs and the circuit breaker registry.
    public var serviceName: String

    public struct Timeouts: Sendable, Hashable {
        /// TCP (and TLS) connection set-up.
        public var connect: Duration
        /// From sending the request to the response head and, when streaming, the first event.
        public var firstByte: Duration
        /// Longest silence between two reads of a streamed body.
        public var idle: Duration
        /// The whole call.
        public var total: Duration

        public init(
            connect: Duration = .seconds(10),
            firstByte: Duration = .seconds(60),
            idle: Duration = .seconds(30),
            total: Duration = .seconds(300)
        ) {
            self.connect = connect
            self.firstByte = firstByte
            self.idle = idle
            self.total = total
        }
    }

    public static let defaultBaseURL = "https://api.openai.com/v1"
    public static let defaultModel = "gpt-4o-mini"

    public init(
        baseURL: String = OpenAIConfiguration.defaultBaseURL,
        apiKey: String? = nil,
        model: String = OpenAIConfiguration.defaultModel,
        timeouts: Timeouts = Timeouts(),
        maxResponseBytes: Int = 8 * 1024 * 1024,
        maxEventBytes: Int = 1024 * 1024,
        serviceName: String = "openai"
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
        self.timeouts = timeouts
        self.maxResponseBytes = maxResponseBytes
        self.maxEventBytes = maxEventBytes
        self.serviceName = serviceName
    }

    /// Reads `OPENAI_BASE_URL`, `OPENAI_API_KEY`, `OPENAI_MODEL`. Returns `nil` when neither a
    /// key nor a base URL is set: then the offline built-in model is the one to use.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> OpenAIConfiguration? {
        func value(_ name: String) -> String? {
            guard let raw = environment[name], !raw.isEmpty else { return nil }
            return raw
        }
        let key = value("OPENAI_API_KEY")
        let base = value("OPENAI_BASE_URL")
        guard key != nil || base != nil else { return nil }
        return OpenAIConfiguration(
            baseURL: base ?? defaultBaseURL,
            apiKey: key,
            model: value("OPENAI_MODEL") ?? defaultModel
        )
    }

    public var completionsURL: String { baseURL + "/chat/completions" }

    public var description: String {
        "OpenAIConfiguration(baseURL: \(baseURL), model: \(model), apiKey: \(apiKey == nil ? "none" : "set"))"
    }
}
