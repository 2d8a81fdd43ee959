import ArgumentParser
import LLM
import PerinTesting

/// `perin-bench llm`: what the LLM client adds on top of the model server, and how fast the
/// SSE reader parses. Prints one JSON line per figure.
struct LLMBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm",
        abstract: "Added time to first token through the client vs the fake server's own; SSE parse throughput."
    )

    @Option(help: "Streamed requests measured for time to first token.")
    var requests = 500

    @Option(help: "Megabytes of SSE stream parsed per throughput round.")
    var megabytes = 16

    func run() async throws {
        try await measureTimeToFirstToken()
        measureSSEThroughput()
    }

    // MARK: Time to first token

    private func measureTimeToFirstToken() async throws {
        let server = try await FakeOpenAIServer.start()
        server.setRecordsRequests(false)
        let model = OpenAIChatModel(configuration: OpenAIConfiguration(baseURL: server.baseURL, apiKey: "bench", model: "fake-model"))
        let request = ChatRequest(messages: [.system("You are terse."), .user("Say hi")])
        let reply = FakeOpenAIReply.text(tokens: ["Hi", " there", "!"])

        // Warm up: connection pool, JIT-free but caches and allocator.
        for _ in 0..<50 {
            server.enqueue(reply)
            for try await _ in model.stream(request) {}
        }
        server.clearTimings()

        var clientTTFT: [Double] = []
        for _ in 0..<requests {
            server.enqueue(reply)
            let start = ContinuousClock.now
            var first: ContinuousClock.Instant?
            for try await delta in model.stream(request) {
                if first == nil, case .text = delta { first = .now }
            }
            if let first { clientTTFT.append(milliseconds(first - start)) }
        }
        let serverTTFT = server.timings.compactMap { timing in
            timing.firstTokenWritten.map { milliseconds($0 - timing.received) }
        }
        try await model.shutdown()
        await server.stop()

        let count = min(clientTTFT.count, serverTTFT.count)
        let added = (0..<count).map { clientTTFT[$0] - serverTTFT[$0] }.sorted()
        let client = clientTTFT.sorted()
        let own = serverTTFT.sorted()
        printJSONLine([
            "benchmark": "llm", "metric": "ttft_added_ms", "samples": count,
            "p50": round3(percentile(added, 0.5)), "p99": round3(percentile(added, 0.99)),
            "target_p50": 0.5, "target_p99": 2.0,
            "pass": percentile(added, 0.5) <= 0.5 && percentile(added, 0.99) <= 2.0,
        ])
        printJSONLine([
            "benchmark": "llm", "metric": "ttft_client_ms", "samples": client.count,
            "p50": round3(percentile(client, 0.5)), "p99": round3(percentile(client, 0.99)),
        ])
        printJSONLine([
            "benchmark": "llm", "metric": "ttft_fake_server_own_ms", "samples": own.count,
            "p50": round3(percentile(own, 0.5)), "p99": round3(percentile(own, 0.99)),
        ])
    }

    // MARK: SSE throughput

    private func measureSSEThroughput() {
        let stream = Array(Self.sampleStream(bytes: megabytes * 1024 * 1024).utf8)
        let readSize = 16 * 1024  // a typical network read
        var rates: [Double] = []
        var events = 0
        for _ in 0..<7 {
            var parser = ServerSentEventParser()
            var count = 0
            let start = ContinuousClock.now
            stream.withUnsafeBytes { all in
                var offset = 0
                while offset < all.count {
                    let end = min(all.count, offset + readSize)
                    try? parser.parse(UnsafeRawBufferPointer(rebasing: all[offset..<end])) { event in
                        count &+= event.data.utf8.count > 0 ? 1 : 0
                    }
                    offset = end
                }
            }
            let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18
                + Double((ContinuousClock.now - start).components.seconds)
            rates.append(Double(stream.count) / 1_048_576 / seconds)
            events = count
        }
        rates.sort()
        printJSONLine([
            "benchmark": "llm", "metric": "sse_parse_mb_per_s", "bytes": stream.count, "events": events,
            "read_size": readSize, "median": round3(percentile(rates, 0.5)), "best": round3(rates.last ?? 0),
            "target": 200.0, "pass": percentile(rates, 0.5) >= 200,
        ])
    }

    /// A stream shaped like OpenAI's: one text chunk per token, keep-alive comments now and then.
    static func sampleStream(bytes: Int) -> String {
        var text = ""
        text.reserveCapacity(bytes + 512)
        var index = 0
        while text.utf8.count < bytes {
            if index % 50 == 0 { text += ": keep-alive\n\n" }
            text += #"data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":" token\#(index % 97)"},"logprobs":null,"finish_reason":null}],"usage":null}"#
            text += "\n\n"
            index += 1
        }
        return text + "data: [DONE]\n\n"
    }

    private func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
