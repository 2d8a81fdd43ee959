import AgentGraph
import Testing

@Suite("event stream")
struct EventStreamTests {
    @Test func eventsComeInRunOrder() async throws {
        let events = await collect(try chain(["a", "b"]).stream())
        let names: [String] = events.map { event in
            switch event {
            case .runStarted: "runStarted"
            case .nodeStarted(let node, _): "start:\(node)"
            case .nodeFinished(let node, _, let update): "end:\(node):\(update.value(for: Keys.items) ?? [])"
            case .custom(let node, _): "custom:\(node)"
            case .interrupted: "interrupted"
            case .finished(let state): "finished:\(state[Keys.items])"
            case .failed: "failed"
            }
        }
        #expect(names == [
            "runStarted", "start:a", "end:a:[\"a\"]", "start:b", "end:b:[\"b\"]", "finished:[\"a\", \"b\"]",
        ])
    }

    /// Tokens must reach the consumer while the node still runs, not when it ends.
    @Test func customEventsArriveWhileTheNodeRuns() async throws {
        let gate = AsyncStream.makeStream(of: Void.self)
        var builder = GraphBuilder()
        builder.addChannel(Keys.answer)
        builder.addNode("llm") { _, context in
            context.emit("Hel")
            // Blocks until the consumer has seen the first token.
            for await _ in gate.stream { break }
            context.emit("lo")
            return .set(Keys.answer, "Hello")
        }
        builder.addEdge(from: GraphNode.start, to: "llm")
        var tokens: [String] = []
        var final: String?
        for await event in try builder.compile().stream() {
            switch event {
            case .custom(_, let payload as String):
                tokens.append(payload)
                if tokens.count == 1 { gate.continuation.yield() }
            case .finished(let state):
                final = state[Keys.answer]
            default:
                break
            }
        }
        #expect(tokens == ["Hel", "lo"])
        #expect(final == "Hello")
    }

    @Test func failedRunEndsWithAFailedEvent() async throws {
        struct Boom: Error {}
        var builder = GraphBuilder()
        builder.addNode("a") { _, _ in throw Boom() }
        builder.addEdge(from: GraphNode.start, to: "a")
        let events = await collect(try builder.compile().stream())
        guard case .failed(let error) = events.last else {
            Issue.record("last event is \(String(describing: events.last))")
            return
        }
        #expect(error.code == .nodeFailed)
        #expect(error.node == "a")
    }
}
