public import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `ChatModel` backed by any OpenAI-compatible `/chat/completions` endpoint, over
/// AsyncHTTPClient. Every failure is thrown as a `ServiceError`; retries and the circuit
/// breaker live in `ResilientChatModel`, not here.
public final class OpenAIChatModel: ChatModel {
    public let configuration: OpenAIConfiguration
    private let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    private let logger: Logger

    /// - Parameter httpClient: a shared client to use; when `nil` the model makes its own
    ///   (with the configured connect timeout) and `shutdown()` must be called.
    public init(
        configuration: OpenAIConfiguration,
        httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "perin.llm.openai")
    ) {
        self.configuration = configuration
        self.logger = logger
        if let httpClient {
            self.httpClient = httpClient
            self.ownsHTTPClient = false
        } else {
            self.httpClient = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: Self.httpConfiguration(for: configuration)
            )
            self.ownsHTTPClient = true
        }
    }

    /// The AsyncHTTPClient settings this model wants: connect timeout, no redirects.
    public static func httpConfiguration(for configuration: OpenAIConfiguration) -> HTTPClient.Configuration {
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: .nanoseconds(configuration.timeouts.connect.nanoseconds))
        http.redirectConfiguration = .disallow
        return http
    }

    /// Shuts down the HTTP client if this model created it.
    public func shutdown() async throws {
        if ownsHTTPClient { try await httpClient.shutdown() }
    }

    // MARK: ChatModel

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let body = try OpenAIRequestEncoder.body(for: request, defaultModel: configuration.model, stream: false)
        let httpRequest = makeHTTPRequest(body: body, streaming: false)
        let configuration = configuration
        let httpClient = httpClient
        do {
            return try await RequestWatchdog.guarding(timeouts: configuration.timeouts, service: configuration.serviceName) { watchdog in
                let response = try await httpClient.execute(httpRequest, deadline: .now() + .nanoseconds(configuration.timeouts.total.nanoseconds))
                watchdog.touch()
                try await Self.checkStatus(response, configuration: configuration)
                var buffer = ByteBuffer()
                for try await chunk in response.body {
                    watchdog.touch()
                    guard buffer.readableBytes + chunk.readableBytes <= configuration.maxResponseBytes else {
                        throw ServiceError(.invalidResponse, "answer larger than \(configuration.maxResponseBytes) bytes", service: configuration.serviceName)
                    }
                    var chunk = chunk
                    buffer.writeBuffer(&chunk)
                }
                return try Self.decodeCompletion(buffer, service: configuration.serviceName)
            }
        } catch {
            throw classify(error)
        }
    }

    public func stream(_ request: ChatRequest) -> ChatStream {
        let (stream, continuation) = ChatStream.makeStream()
        let task = Task {
            do {
                try await self.runStream(request, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: self.classify(error))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: Streaming

    private func runStream(_ request: ChatRequest, continuation: ChatStream.Continuation) async throws {
        let body = try OpenAIRequestEncoder.body(for: request, defaultModel: configuration.model, stream: true)
        let httpRequest = makeHTTPRequest(body: body, streaming: true)
        let configuration = configuration
        let httpClient = httpClient
        try await RequestWatchdog.guarding(timeouts: configuration.timeouts, service: configuration.serviceName) { watchdog in
            let response = try await httpClient.execute(httpRequest, deadline: .now() + .nanoseconds(configuration.timeouts.total.nanoseconds))
            // The first-byte deadline runs until the first body bytes, not just the head:
            // servers send the head at once and then think.
            try await Self.checkStatus(response, configuration: configuration)
            var parser = ServerSentEventParser(maxEventBytes: configuration.maxEventBytes)
            var decoder = OpenAIStreamDecoder(service: configuration.serviceName)
            var deltas: [ChatDelta] = []
            var received = 0
            for try await chunk in response.body {
                watchdog.touch()
                received += chunk.readableBytes
                guard received <= configuration.maxResponseBytes else {
                    throw ServiceError(.invalidResponse, "stream larger than \(configuration.maxResponseBytes) bytes", service: configuration.serviceName)
                }
                try chunk.withUnsafeReadableBytes { bytes in
                    try parser.parse(bytes) { event in try decoder.decode(event, into: &deltas) }
                }
                for delta in deltas { continuation.yield(delta) }
                deltas.removeAll(keepingCapacity: true)
                if decoder.sawDone { break }
            }
            try decoder.finish()
        }
    }

    // MARK: HTTP helpers

    private func makeHTTPRequest(body: Data, streaming: Bool) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.completionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: streaming ? "text/event-stream" : "application/json")
        request.headers.add(name: "User-Agent", value: "perin")
        if let key = configuration.apiKey {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// Throws the classified error for a non-2xx answer, reading at most 64 KiB of its body.
    private static func checkStatus(_ response: HTTPClientResponse, configuration: OpenAIConfiguration) async throws {
        guard !(200..<300).contains(response.status.code) else { return }
        let body = try? await response.body.collect(upTo: 64 * 1024)
        let detail = body.flatMap { try? JSONDecoder().decode(OpenAIWire.ErrorBody.self, from: Data($0.readableBytesView)).error }
        throw HTTPErrorClassifier.classify(
            status: Int(response.status.code),
            retryAfterHeader: response.headers.first(name: "Retry-After"),
            errorCode: detail?.code,
            serviceMessage: detail?.message,
            service: configuration.serviceName
        )
    }

    private static func decodeCompletion(_ buffer: ByteBuffer, service: String) throws -> ChatCompletion {
        let wire: OpenAIWire.Completion
        do {
            wire = try JSONDecoder().decode(OpenAIWire.Completion.self, from: Data(buffer.readableBytesView))
        } catch {
            throw ServiceError(.invalidResponse, "malformed completion (\(buffer.readableBytes) bytes)", service: service)
        }
        guard let choice = wire.choices.first else {
            throw ServiceError(.invalidResponse, "completion without choices", service: service)
        }
        let message = ChatMessage.assistant(
            choice.message.content,
            toolCalls: (choice.message.toolCalls ?? []).map {
                ToolCall(id: $0.id, name: $0.function.name, arguments: $0.function.arguments)
            }
        )
        return ChatCompletion(
            message: message,
            finishReason: choice.finishReason.map(FinishReason.init(wireValue:)),
            usage: wire.usage?.usage,
            model: wire.model
        )
    }

    /// Maps transport errors onto `ServiceError`; cancellation by the caller stays as is.
    private func classify(_ error: any Error) -> any Error {
        let service = configuration.serviceName
        let mapped: any Error
        switch error {
        case let error as ServiceError:
            mapped = error
        case is CancellationError:
            return error
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                mapped = ServiceError(.timeout, "connect timeout", service: service)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                mapped = ServiceError(.timeout, "\(error)", service: service)
            case .cancelled:
                return CancellationError()
            default:
                mapped = ServiceError(.network, "\(error)", service: service)
            }
        default:
            mapped = ServiceError(.network, String(describing: error).prefix(200).description, service: service)
        }
        logger.debug("model call failed", metadata: ["error": "\(mapped)"])
        return mapped
    }
}

extension Duration {
    /// Whole nanoseconds, saturating, for APIs that take `TimeAmount`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
