public import AsyncHTTPClient
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Picks the model the server runs with: the OpenAI-compatible client wrapped in retries,
/// the breaker named after the endpoint and the fallback answer when `OPENAI_API_KEY` or
/// `OPENAI_BASE_URL` is set; otherwise the offline built-in model.
public enum ChatModelFactory {
    /// - Parameters:
    ///   - breakers: where the endpoint's breaker lives, so `/api/health` can show it.
    ///   - httpClient: defaults to AsyncHTTPClient's process-wide client (nothing to shut down).
    ///   - offline: makes the built-in model; called only when no server is configured.
    public static func make(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        breakers: CircuitBreakerRegistry,
        httpClient: HTTPClient = .shared,
        policy: RetryPolicy = .default,
        offline: () -> any ChatModel
    ) -> any ChatModel {
        guard let configuration = OpenAIConfiguration.fromEnvironment(environment) else {
            return offline()
        }
        let client = OpenAIChatModel(configuration: configuration, httpClient: httpClient)
        return ResilientChatModel(
            base: client,
            breaker: breakers.breaker(named: configuration.serviceName),
            policy: policy
        )
    }
}
