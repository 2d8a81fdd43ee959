public import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An OpenAI-compatible server on 127.0.0.1 (random port) for tests and benchmarks: the real
/// `/v1/chat/completions` wire format, streamed or not, scripted replies, switchable faults,
/// and a record of every request. Start with `start()`, point a client at `baseURL`, `stop()`.
public final class FakeOpenAIServer: Sendable {
    /// One request as received.
    public struct RecordedRequest: Sendable {
        public var path: String
        /// Keyed by lower-cased field name.
        public var headers: [String: String]
        public var body: Data
        public var isStreaming: Bool
    }

    /// When a streamed request arrived and when its first token was written: the server's
    /// own time to first token, against which a client's is measured.
    public struct Timing: Sendable {
        public var received: ContinuousClock.Instant
        public var firstTokenWritten: ContinuousClock.Instant?
    }

    private struct State {
        var queue: [FakeOpenAIReply] = []
        var requests: [RecordedRequest] = []
        var timings: [Timing] = []
        var recordsRequests = true
        var stopped = false
    }

    private let state = Mutex(State())
    private let port = Mutex(0)
    private let runTask = Mutex<Task<Void, any Error>?>(nil)

    private init() {}

    /// Starts a server and returns once it accepts connections.
    public static func start() async throws -> FakeOpenAIServer {
        let server = FakeOpenAIServer()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in
            try await server.respond(to: request)
        }
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "perin.fake-openai")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fake-openai"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let task = Task { try await app.runService() }
        server.runTask.withLock { $0 = task }
        var iterator = ports.makeAsyncIterator()
        guard let boundPort = await iterator.next(), boundPort > 0 else {
            task.cancel()
            throw FakeServerStartError()
        }
        server.port.withLock { $0 = boundPort }
        return server
    }

    struct FakeServerStartError: Error {}

    /// Stops accepting and ends stalled streams.
    public func stop() async {
        state.withLock { $0.stopped = true }
        let task = runTask.withLock { $0 }
        task?.cancel()
        _ = await task?.result
    }

    public var baseURL: String { "http://127.0.0.1:\(port.withLock { $0 })/v1" }

    /// Queues replies, used by the next requests in order.
    public func enqueue(_ replies: FakeOpenAIReply...) {
        state.withLock { $0.queue.append(contentsOf: replies) }
    }

    public var requests: [RecordedRequest] { state.withLock { $0.requests } }
    public var timings: [Timing] { state.withLock { $0.timings } }

    /// Benchmarks turn recording off so memory stays flat.
    public func setRecordsRequests(_ records: Bool) {
        state.withLock { $0.recordsRequests = records }
    }

    public func clearTimings() {
        state.withLock { $0.timings.removeAll() }
    }

    // MARK: Responding

    private func respond(to request: Request) async throws -> Response {
        let received = ContinuousClock.now
        var request = request
        let buffer = try await request.collectBody(upTo: 16 * 1024 * 1024)
        let body = Data(buffer.readableBytesView)
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let streaming = json?["stream"] as? Bool ?? false
        let reply: FakeOpenAIReply = state.withLock { state in
            if state.recordsRequests {
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
                state.requests.append(RecordedRequest(path: request.uri.path, headers: headers, body: body, isStreaming: streaming))
            }
            return state.queue.isEmpty ? .defaultText : state.queue.removeFirst()
        }
        switch reply {
        case .fault(let fault):
            return try await respond(fault: fault, streaming: streaming, received: received)
        case .text(let tokens, let delay, let finish):
            guard streaming else {
                return json200(FakeOpenAIChunks.completion(content: tokens.joined(), toolCalls: [], finishReason: finish))
            }
            return streamText(tokens, delay: delay, finish: finish, received: received)
        case .toolCalls(let calls, let style):
            guard streaming else {
                return json200(FakeOpenAIChunks.completion(content: nil, toolCalls: calls, finishReason: "tool_calls"))
            }
            return streamToolCalls(calls, style: style)
        }
    }

    private func respond(fault: FakeOpenAIFault, streaming: Bool, received: ContinuousClock.Instant) async throws -> Response {
        switch fault {
        case .rateLimited(let seconds):
            let body = FakeOpenAIChunks.errorBody(message: "Rate limit reached for requests", type: "requests", param: nil, code: "rate_limit_exceeded")
            return jsonResponse(status: .tooManyRequests, body, extraHeaders: [.retryAfter: String(seconds)])
        case .serverError:
            let body = FakeOpenAIChunks.errorBody(message: "The server had an error while processing your request.", type: "server_error", param: nil, code: nil)
            return jsonResponse(status: .internalServerError, body)
        case .unauthorized:
            let body = FakeOpenAIChunks.errorBody(message: "Incorrect API key provided: sk-fake***. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", param: nil, code: "invalid_api_key")
            return jsonResponse(status: .unauthorized, body)
        case .contextLengthExceeded:
            let body = FakeOpenAIChunks.errorBody(message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130542 tokens. Please reduce the length of the messages.", type: "invalid_request_error", param: "messages", code: "context_length_exceeded")
            return jsonResponse(status: .badRequest, body)
        case .slowFirstByte(let delay):
            try await pause(delay)
            guard case .text(let tokens, _, let finish) = FakeOpenAIReply.defaultText else { fatalError("defaultText is text") }
            guard streaming else {
                return json200(FakeOpenAIChunks.completion(content: tokens.joined(), toolCalls: [], finishReason: finish))
            }
            return streamText(tokens, delay: .zero, finish: finish, received: received)
        case .stallMidStream(let before, let stall):
            return sse { writer in
                try await writer.write(self.buffer(FakeOpenAIChunks.roleChunk))
                for index in 0..<before { try await writer.write(self.buffer(FakeOpenAIChunks.textChunk("t\(index) "))) }
                try await self.pause(stall)
                try await writer.write(self.buffer(FakeOpenAIChunks.finishChunk("stop") + FakeOpenAIChunks.done))
            }
        case .cutWithoutDone(let before):
            return sse { writer in
                try await writer.write(self.buffer(FakeOpenAIChunks.roleChunk))
                for index in 0..<before { try await writer.write(self.buffer(FakeOpenAIChunks.textChunk("t\(index) "))) }
            }
        case .malformedChunk:
            return sse { writer in
                try await writer.write(self.buffer(FakeOpenAIChunks.textChunk("ok ")))
                try await writer.write(self.buffer("data: {\"choices\":[{\"delta\":{\"content\":\"broken\"\n\n"))
                try await writer.write(self.buffer(FakeOpenAIChunks.done))
            }
        }
    }

    private func streamText(_ tokens: [String], delay: Duration, finish: String, received: ContinuousClock.Instant) -> Response {
        sse { writer in
            try await writer.write(self.buffer(FakeOpenAIChunks.roleChunk))
            var completionTokens = 0
            for (index, token) in tokens.enumerated() {
                if delay > .zero { try await self.pause(delay) }
                if index == 0 {
                    let now = ContinuousClock.now
                    self.state.withLock { $0.timings.append(Timing(received: received, firstTokenWritten: now)) }
                }
                try await writer.write(self.buffer(FakeOpenAIChunks.textChunk(token)))
                completionTokens += 1
            }
            let tail = FakeOpenAIChunks.finishChunk(finish)
                + FakeOpenAIChunks.usageChunk(prompt: 12, completion: completionTokens)
                + FakeOpenAIChunks.done
            try await writer.write(self.buffer(tail))
        }
    }

    private func streamToolCalls(_ calls: [FakeToolCall], style: FakeToolCallStyle) -> Response {
        sse { writer in
            try await writer.write(self.buffer(FakeOpenAIChunks.roleChunk))
            switch style {
            case .fragmented(let pieces):
                for (index, call) in calls.enumerated() {
                    let head = FakeOpenAIChunks.toolCallFragment(index: index, id: call.id, name: call.name, arguments: "")
                    try await writer.write(self.buffer(FakeOpenAIChunks.toolCallsChunk([head])))
                    for piece in Self.split(call.arguments, into: pieces) {
                        let fragment = FakeOpenAIChunks.toolCallFragment(index: index, id: nil, name: nil, arguments: piece)
                        try await writer.write(self.buffer(FakeOpenAIChunks.toolCallsChunk([fragment])))
                    }
                }
            case .wholeInOneDelta:
                let fragments = calls.enumerated().map { index, call in
                    FakeOpenAIChunks.toolCallFragment(index: index, id: call.id, name: call.name, arguments: call.arguments)
                }
                try await writer.write(self.buffer(FakeOpenAIChunks.toolCallsChunk(fragments)))
            case .reusedIndexZero:
                for call in calls {
                    let head = FakeOpenAIChunks.toolCallFragment(index: 0, id: call.id, name: call.name, arguments: "")
                    try await writer.write(self.buffer(FakeOpenAIChunks.toolCallsChunk([head])))
                    let body = FakeOpenAIChunks.toolCallFragment(index: 0, id: nil, name: nil, arguments: call.arguments)
                    try await writer.write(self.buffer(FakeOpenAIChunks.toolCallsChunk([body])))
                }
            }
            let tail = FakeOpenAIChunks.finishChunk("tool_calls")
                + FakeOpenAIChunks.usageChunk(prompt: 20, completion: 10)
                + FakeOpenAIChunks.done
            try await writer.write(self.buffer(tail))
        }
    }

    // MARK: Helpers

    static func split(_ text: String, into pieces: Int) -> [String] {
        let characters = Array(text)
        let size = max(1, (characters.count + max(pieces, 1) - 1) / max(pieces, 1))
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }

    /// Sleeps in short steps so `stop()` ends a stall promptly.
    private func pause(_ duration: Duration) async throws {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            if state.withLock({ $0.stopped }) { throw CancellationError() }
            try await Task.sleep(for: min(.milliseconds(20), end - ContinuousClock.now))
        }
    }

    private func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    private func sse(_ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await write(&writer)
                try await writer.finish(nil)
            }
        )
    }

    private func json200(_ body: String) -> Response {
        jsonResponse(status: .ok, body)
    }

    private func jsonResponse(status: HTTPResponse.Status, _ body: String, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
