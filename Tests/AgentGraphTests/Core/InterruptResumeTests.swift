import AgentGraph
import Foundation
import Testing

@Suite("checkpoints, interrupts, resume")
struct InterruptResumeTests {
    struct Boom: Error {}

    @Test func everyStepIsCheckpointedOnALinearChain() async throws {
        let store = MemoryCheckpointer()
        let thread = uniqueThread()
        let result = try await chain(["a", "b", "c"], checkpointer: store, retention: nil)
            .invoke(config: RunConfig(threadID: thread))
        #expect(result.step == 3)
        let saved = try await store.list(thread: thread, limit: nil)
        #expect(saved.map(\.step) == [3, 2, 1, 0])
        #expect(saved.map(\.parentStep) == [2, 1, 0, nil])
        #expect(saved.map { $0.next.map(\.node) } == [[], ["c"], ["b"], ["a"]])
    }

    @Test func aSecondRunOnAThreadContinuesItsState() async throws {
        let store = MemoryCheckpointer()
        let thread = uniqueThread()
        let graph = try chain(["a"], checkpointer: store)
        _ = try await graph.invoke(config: RunConfig(threadID: thread))
        let second = try await graph.invoke(.set(Keys.items, ["user"]), config: RunConfig(threadID: thread))
        #expect(second.state[Keys.items] == ["a", "user", "a"])
        #expect(try await graph.state(thread: thread)?[Keys.items] == ["a", "user", "a"])
    }

    @Test func interruptThenResumeWithAnAnswer() async throws {
        let store = MemoryCheckpointer()
        let thread = uniqueThread()
        let runs = Counter()
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("propose", appending("propose"))
        builder.addNode("confirm") { _, context in
            runs.increment()
            let answer = try context.interrupt("confirm booking?", answer: Bool.self)
            return .set(Keys.items, [answer ? "booked" : "declined"])
        }
        builder.addNode("done", appending("done"))
        builder.addEdge(from: GraphNode.start, to: "propose")
        builder.addEdge(from: "propose", to: "confirm")
        builder.addEdge(from: "confirm", to: "done")
        let graph = try builder.compile(checkpointer: store)

        let first = try await graph.invoke(config: RunConfig(threadID: thread))
        let interrupt = try #require(first.interrupt)
        #expect(interrupt.node == "confirm")
        #expect(try interrupt.decodePayload(as: String.self) == "confirm booking?")
        #expect(first.state[Keys.items] == ["propose"])

        let resumed = try await graph.resume(thread: thread, value: true)
        #expect(resumed.interrupt == nil)
        #expect(resumed.state[Keys.items] == ["propose", "booked", "done"])
        #expect(runs.count() == 2)  // the interrupting node runs again, now with the answer
    }

    @Test func streamedInterruptEndsWithAnInterruptedEvent() async throws {
        let store = MemoryCheckpointer()
        var builder = GraphBuilder()
        builder.addNode("ask") { _, context in
            _ = try context.interrupt(["question": "time?"], answer: String.self)
            return Update()
        }
        builder.addEdge(from: GraphNode.start, to: "ask")
        let events = await collect(try builder.compile(checkpointer: store).stream(config: RunConfig(threadID: uniqueThread())))
        guard case .interrupted(let interrupt) = events.last else {
            Issue.record("last event is \(String(describing: events.last))")
            return
        }
        #expect(try interrupt.decodePayload(as: [String: String].self) == ["question": "time?"])
    }

    @Test func finishedSiblingsOfAFailedNodeAreKeptAndNotRerun() async throws {
        let store = MemoryCheckpointer()
        let thread = uniqueThread()
        let sideEffects = Counter()
        let shouldFail = Counter()
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("sendMail") { _, _ in
            sideEffects.increment("mail")
            return .set(Keys.items, ["mail"])
        }
        builder.addNode("flaky") { _, _ in
            try await Task.sleep(for: .milliseconds(20))  // fails after its sibling finished
            if shouldFail.count() == 0 { throw Boom() }
            return .set(Keys.items, ["flaky"])
        }
        builder.addNode("join", appending("join"))
        for name in ["sendMail", "flaky"] {
            builder.addEdge(from: GraphNode.start, to: name)
            builder.addEdge(from: name, to: "join")
        }
        let graph = try builder.compile(checkpointer: store)
        let error = try await #require(throws: GraphError.self) {
            try await graph.invoke(config: RunConfig(threadID: thread))
        }
        #expect(error.node == "flaky")
        let pending = try #require(try await store.get(thread: thread))
        #expect(pending.pendingWrites.map(\.node) == ["sendMail"])

        shouldFail.increment()
        let resumed = try await graph.resume(thread: thread)
        #expect(resumed.state[Keys.items] == ["mail", "flaky", "join"])
        #expect(sideEffects.count("mail") == 1)
    }

    @Test func interruptInAParallelStepKeepsTheSiblingsWrites() async throws {
        let store = MemoryCheckpointer()
        let thread = uniqueThread()
        let sideEffects = Counter()
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("lookup") { _, _ in
            sideEffects.increment()
            return .set(Keys.items, ["lookup"])
        }
        builder.addNode("ask") { _, context in
            try await Task.sleep(for: .milliseconds(10))
            let name = try context.interrupt("who?", answer: String.self)
            return .set(Keys.items, [name])
        }
        builder.addEdge(from: GraphNode.start, to: "lookup")
        builder.addEdge(from: GraphNode.start, to: "ask")
        let graph = try builder.compile(checkpointer: store)
        let first = try await graph.invoke(config: RunConfig(threadID: thread))
        #expect(first.isInterrupted)
        let resumed = try await graph.resume(thread: thread, value: "ada")
        #expect(resumed.state[Keys.items] == ["lookup", "ada"])
        #expect(sideEffects.count() == 1)
    }

    @Test func retentionKeepsTheNewestCheckpoints() async throws {
        let store = MemoryCheckpointer()
        let thread = uniqueThread()
        let names = (0..<10).map { "n\($0)" }
        let result = try await chain(names, checkpointer: store, retention: 3).invoke(config: RunConfig(threadID: thread))
        #expect(result.state[Keys.items] == names)
        let saved = try await store.list(thread: thread, limit: nil)
        #expect(saved.map(\.step) == [10, 9, 8])
    }

    @Test func resumeWithoutACheckpointIsATypedError() async throws {
        let graph = try chain(["a"], checkpointer: MemoryCheckpointer())
        let error = try await #require(throws: GraphError.self) { try await graph.resume(thread: uniqueThread()) }
        #expect(error.code == .noCheckpoint)
    }

    @Test func runsOnOneThreadTakeTurns() async throws {
        let store = MemoryCheckpointer()
        let thread = uniqueThread()
        let active = ActiveGauge()
        var builder = GraphBuilder()
        builder.addChannel(Keys.count, reducer: .custom { $0 += $1 })
        builder.addNode("work") { _, _ in
            active.enter()
            defer { active.leave() }
            try await Task.sleep(for: .milliseconds(5))
            return .set(Keys.count, 1)
        }
        builder.addEdge(from: GraphNode.start, to: "work")
        let graph = try builder.compile(checkpointer: store, retention: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { _ = try await graph.invoke(config: RunConfig(threadID: thread)) }
            }
            try await group.waitForAll()
        }
        #expect(active.maximum == 1)
        #expect(try await graph.state(thread: thread)?[Keys.count] == 8)
        let saved = try await store.list(thread: thread, limit: nil)
        #expect(saved.map(\.step) == Array((0..<16).reversed()))
        #expect(zip(saved, saved.dropFirst()).allSatisfy { $0.parentStep == $1.step })
    }
}
