import AgentGraph
import Foundation
import Testing

@Suite("node policies and cancellation")
struct NodePolicyTests {
    struct Flaky: Error {}

    @Test func slowNodeTimesOut() async throws {
        var builder = GraphBuilder()
        builder.addNode("slow", policy: NodePolicy(timeout: .milliseconds(30))) { _, _ in
            try await Task.sleep(for: .seconds(10))
            return Update()
        }
        builder.addEdge(from: GraphNode.start, to: "slow")
        let started = ContinuousClock.now
        let error = try await #require(throws: GraphError.self) { try await builder.compile().invoke() }
        #expect(error.code == .nodeTimedOut)
        #expect(error.node == "slow")
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func retryableNodeSucceedsAfterBackoff() async throws {
        let attempts = Counter()
        var builder = GraphBuilder()
        builder.addChannel(Keys.count)
        let retry = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(20))
        builder.addNode("flaky", policy: NodePolicy(retry: retry)) { _, context in
            attempts.increment()
            if context.attempt < 3 { throw Flaky() }
            return .set(Keys.count, context.attempt)
        }
        builder.addEdge(from: GraphNode.start, to: "flaky")
        let started = ContinuousClock.now
        let result = try await builder.compile().invoke()
        #expect(result.state[Keys.count] == 3)
        #expect(attempts.count() == 3)
        #expect(ContinuousClock.now - started >= .milliseconds(60))  // 20 ms + 40 ms of backoff
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let attempts = Counter()
        var builder = GraphBuilder()
        builder.addNode("broken", policy: NodePolicy(retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(1)))) { _, _ in
            attempts.increment()
            throw Flaky()
        }
        builder.addEdge(from: GraphNode.start, to: "broken")
        let error = try await #require(throws: GraphError.self) { try await builder.compile().invoke() }
        #expect(error.code == .nodeFailed)
        #expect(error.underlying is Flaky)
        #expect(attempts.count() == 2)
    }

    @Test func nodeWithoutRetryRunsOnce() async throws {
        let attempts = Counter()
        var builder = GraphBuilder()
        builder.addNode("broken") { _, _ in
            attempts.increment()
            throw Flaky()
        }
        builder.addEdge(from: GraphNode.start, to: "broken")
        _ = try await #require(throws: GraphError.self) { try await builder.compile().invoke() }
        #expect(attempts.count() == 1)
    }

    @Test func failingOptionalNodeDegradesAndTheRunGoesOn() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("gmail", policy: NodePolicy(degradeOnFailure: true)) { _, _ in throw Flaky() }
        builder.addNode("calendar", policy: NodePolicy(timeout: .milliseconds(20), degradeOnFailure: true)) { _, _ in
            try await Task.sleep(for: .seconds(5))
            return .set(Keys.items, ["calendar"])
        }
        builder.addNode("memory", appending("memory"))
        builder.addNode("respond", appending("respond"))
        for name in ["gmail", "calendar", "memory"] {
            builder.addEdge(from: GraphNode.start, to: name)
            builder.addEdge(from: name, to: "respond")
        }
        let result = try await builder.compile().invoke()
        #expect(result.state[Keys.items] == ["memory", "respond"])
        let failures = result.state[.nodeFailures]
        #expect(failures.keys.sorted() == ["calendar", "gmail"])
        #expect(failures["calendar"]?.contains("nodeTimedOut") == true)
        #expect(failures["gmail"]?.contains("nodeFailed") == true)
    }

    @Test func cancellingTheRunStopsARunningNodePromptly() async throws {
        let started = Counter()
        var builder = GraphBuilder()
        builder.addNode("long") { _, _ in
            started.increment()
            try await Task.sleep(for: .seconds(30))
            return Update()
        }
        builder.addNode("sibling") { _, _ in
            try await Task.sleep(for: .seconds(30))
            return Update()
        }
        builder.addEdge(from: GraphNode.start, to: "long")
        builder.addEdge(from: GraphNode.start, to: "sibling")
        let graph = try builder.compile()
        let run = Task { try await graph.invoke() }
        while started.count() == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let cancelledAt = ContinuousClock.now
        run.cancel()
        let result = await run.result
        let elapsed = ContinuousClock.now - cancelledAt
        // Promptly means far below the nodes' 30 s sleep; the bound is loose so a loaded CI machine does not flake.
        #expect(elapsed < .seconds(2))
        #expect(throws: GraphError.self) { try result.get() }
        if case .failure(let error as GraphError) = result { #expect(error.code == .cancelled) }
    }

    @Test func stoppingAStreamCancelsTheRun() async throws {
        let finished = Counter()
        var builder = GraphBuilder()
        builder.addNode("long") { _, context in
            context.emit("begun")
            try await Task.sleep(for: .seconds(30))
            finished.increment()
            return Update()
        }
        builder.addEdge(from: GraphNode.start, to: "long")
        let graph = try builder.compile()
        let consumer = Task {
            for await event in graph.stream() {
                if case .custom = event { break }  // the client went away
            }
        }
        let started = ContinuousClock.now
        await consumer.value
        try await Task.sleep(for: .milliseconds(50))
        #expect(finished.count() == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
