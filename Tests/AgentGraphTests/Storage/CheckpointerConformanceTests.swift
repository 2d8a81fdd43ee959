import AgentGraph
import Foundation
import Testing

/// One suite, every checkpointer: memory, SQLite, PostgreSQL.
@Suite("Checkpointer conformance")
struct CheckpointerConformanceTests {
    func checkpoint(_ thread: String, _ step: Int, state: String = #"{"items":["a"]}"#) -> Checkpoint {
        Checkpoint(
            threadID: thread, step: step, parentStep: step == 0 ? nil : step - 1, runID: "run-\(step)",
            state: Data(state.utf8), next: [PendingTask(node: "n\(step)", input: Data("[\(step)]".utf8))],
            createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(step)))
    }

    @Test(arguments: CheckpointStoreKind.available)
    func putGetAndList(_ kind: CheckpointStoreKind) async throws {
        try await kind.withStore { store in
            for step in 0..<4 { try await store.put(checkpoint("t1", step)) }
            try await store.put(checkpoint("t2", 0))
            let latest = try #require(try await store.get(thread: "t1", step: nil))
            #expect(latest.checkpoint == checkpoint("t1", 3))
            #expect(latest.pendingWrites.isEmpty)
            #expect(try await store.get(thread: "t1", step: 1)?.checkpoint == checkpoint("t1", 1))
            #expect(try await store.get(thread: "t1", step: 9) == nil)
            #expect(try await store.get(thread: "nobody", step: nil) == nil)
            #expect(try await store.list(thread: "t1", limit: nil).map(\.step) == [3, 2, 1, 0])
            #expect(try await store.list(thread: "t1", limit: 2).map(\.step) == [3, 2])
        }
    }

    @Test(arguments: CheckpointStoreKind.available)
    func aStepIsNeverOverwritten(_ kind: CheckpointStoreKind) async throws {
        try await kind.withStore { store in
            try await store.put(checkpoint("t", 0))
            try await store.put(checkpoint("t", 1))
            let error = try await #require(throws: GraphError.self) {
                try await store.put(checkpoint("t", 1, state: #"{"items":["forked"]}"#))
            }
            #expect(error.code == .checkpointConflict)
            #expect(try await store.get(thread: "t", step: 1)?.checkpoint.state == Data(#"{"items":["a"]}"#.utf8))
        }
    }

    @Test(arguments: CheckpointStoreKind.available)
    func pendingWritesAttachToTheirStep(_ kind: CheckpointStoreKind) async throws {
        try await kind.withStore { store in
            try await store.put(checkpoint("t", 0))
            try await store.put(checkpoint("t", 1))
            let write = { (index: Int, value: String) in
                PendingWrite(taskIndex: index, node: "w\(index)", kind: .writes, data: Data(value.utf8))
            }
            try await store.putWrites([write(2, "two")], thread: "t", step: 1)
            try await store.putWrites([write(0, "zero"), write(2, "two again")], thread: "t", step: 1)
            try await store.putWrites(
                [PendingWrite(taskIndex: 1, node: "ask", kind: .interrupt, data: Data("\"ok?\"".utf8))], thread: "t", step: 1)
            let record = try #require(try await store.get(thread: "t", step: nil))
            #expect(record.pendingWrites == [
                write(0, "zero"),
                PendingWrite(taskIndex: 1, node: "ask", kind: .interrupt, data: Data("\"ok?\"".utf8)),
                write(2, "two again"),
            ])
            #expect(try await store.get(thread: "t", step: 0)?.pendingWrites == [])
        }
    }

    @Test(arguments: CheckpointStoreKind.available)
    func pruneKeepsTheNewest(_ kind: CheckpointStoreKind) async throws {
        try await kind.withStore { store in
            for step in 0..<6 { try await store.put(checkpoint("t", step)) }
            try await store.putWrites([PendingWrite(taskIndex: 0, node: "x", kind: .writes, data: Data("{}".utf8))], thread: "t", step: 1)
            try await store.prune(thread: "t", keepLast: 2)
            #expect(try await store.list(thread: "t", limit: nil).map(\.step) == [5, 4])
            #expect(try await store.get(thread: "t", step: 1) == nil)
            try await store.put(checkpoint("t", 6), keepLast: 2)
            #expect(try await store.list(thread: "t", limit: nil).map(\.step) == [6, 5])
            try await store.prune(thread: "t", keepLast: 10)
            #expect(try await store.list(thread: "t", limit: nil).count == 2)
        }
    }

    @Test(arguments: CheckpointStoreKind.available)
    func deleteThreadLeavesOtherThreads(_ kind: CheckpointStoreKind) async throws {
        try await kind.withStore { store in
            try await store.put(checkpoint("gone", 0))
            try await store.putWrites([PendingWrite(taskIndex: 0, node: "x", kind: .writes, data: Data("{}".utf8))], thread: "gone", step: 0)
            try await store.put(checkpoint("kept", 0))
            try await store.deleteThread("gone")
            #expect(try await store.get(thread: "gone", step: nil) == nil)
            #expect(try await store.list(thread: "kept", limit: nil).count == 1)
        }
    }

    /// The runtime on top of each store: a failed step keeps its finished sibling, the resume
    /// does not run it again, and an interrupt resumes with its answer.
    @Test(arguments: CheckpointStoreKind.available)
    func graphResumesOnTheStore(_ kind: CheckpointStoreKind) async throws {
        struct Boom: Error {}
        try await kind.withStore { store in
            let effects = Counter()
            let failOnce = Counter()
            var builder = GraphBuilder()
            builder.addChannel(Keys.items, reducer: .append)
            builder.addNode("effect") { _, _ in
                effects.increment()
                return .set(Keys.items, ["effect"])
            }
            builder.addNode("flaky") { _, _ in
                try await Task.sleep(for: .milliseconds(30))
                failOnce.increment()
                if failOnce.count() == 1 { throw Boom() }
                return .set(Keys.items, ["flaky"])
            }
            builder.addNode("confirm") { _, context in
                let yes = try context.interrupt("book it?", answer: Bool.self)
                return .set(Keys.items, [yes ? "booked" : "no"])
            }
            for name in ["effect", "flaky"] {
                builder.addEdge(from: GraphNode.start, to: name)
                builder.addEdge(from: name, to: "confirm")
            }
            let graph = try builder.compile(checkpointer: store, retention: 3)
            let thread = uniqueThread()
            await #expect(throws: GraphError.self) { try await graph.invoke(config: RunConfig(threadID: thread)) }
            let paused = try await graph.resume(thread: thread)
            #expect(try paused.interrupt?.decodePayload(as: String.self) == "book it?")
            let done = try await graph.resume(thread: thread, value: true)
            #expect(done.state[Keys.items] == ["effect", "flaky", "booked"])
            #expect(effects.count() == 1)
            let kept = try await store.list(thread: thread, limit: nil)
            #expect(kept.map(\.step) == [2, 1, 0])
        }
    }

    /// `Checkpointing.onInterrupt` on each store: a run that finishes writes nothing; a pause
    /// writes one checkpoint (its finished sibling's writes kept, so it is not run again); a
    /// fresh graph object (another process) answers it; the finished resume leaves the thread empty.
    @Test(arguments: CheckpointStoreKind.available)
    func checkpointsOnlyWhenPaused(_ kind: CheckpointStoreKind) async throws {
        try await kind.withStore { store in
            let effects = Counter()
            func build() throws -> CompiledGraph {
                var builder = GraphBuilder()
                builder.addChannel(Keys.items, reducer: .append)
                builder.addNode("first") { _, _ in .set(Keys.items, ["first"]) }
                builder.addNode("effect") { _, _ in
                    effects.increment()
                    return .set(Keys.items, ["effect"])
                }
                builder.addNode("ask") { _, context in
                    let answer = try context.interrupt("which?", answer: String.self)
                    return .set(Keys.items, [answer])
                }
                builder.addNode("last") { _, _ in .set(Keys.items, ["last"]) }
                builder.addEdge(from: GraphNode.start, to: "first")
                builder.addEdge(from: "first", to: "effect")
                builder.addEdge(from: "first", to: "ask")
                builder.addEdge(from: "effect", to: "last")
                builder.addEdge(from: "ask", to: "last")
                return try builder.compile(checkpointer: store)
            }
            let thread = uniqueThread()
            let config = RunConfig(threadID: thread, checkpointing: .onInterrupt)

            var plain = GraphBuilder()
            plain.addChannel(Keys.items, reducer: .append)
            plain.addNode("only") { _, _ in .set(Keys.items, ["x"]) }
            plain.addEdge(from: GraphNode.start, to: "only")
            let finished = try await plain.compile(checkpointer: store).invoke(config: config)
            #expect(finished.state[Keys.items] == ["x"])
            #expect(try await store.list(thread: thread, limit: nil).isEmpty, "a run that never pauses writes no checkpoint")

            let paused = try await build().invoke(config: config)
            #expect(try paused.interrupt?.decodePayload(as: String.self) == "which?")
            let saved = try await store.list(thread: thread, limit: nil)
            #expect(saved.count == 1)
            #expect(saved.first?.next.map(\.node) == ["effect", "ask"])
            let record = try await store.get(thread: thread, step: nil)
            #expect(record?.pendingWrites.map(\.kind) == [.writes, .interrupt])

            let resumed = try await build().resume(thread: thread, value: "blue", config: config)
            #expect(resumed.interrupt == nil)
            #expect(resumed.state[Keys.items] == ["first", "effect", "blue", "last"])
            #expect(effects.count() == 1, "the sibling that finished before the pause did not run again")
            #expect(try await store.list(thread: thread, limit: nil).isEmpty, "an answered pause leaves nothing behind")
        }
    }
}
