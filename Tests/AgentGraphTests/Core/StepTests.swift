import AgentGraph
import Testing

@Suite("steps, reducers, routing")
struct StepTests {
    @Test func chainAppendsInOrder() async throws {
        let result = try await chain(["a", "b", "c"]).invoke()
        #expect(result.state[Keys.items] == ["a", "b", "c"])
        #expect(result.interrupt == nil)
    }

    @Test func inputIsAppliedBeforeTheFirstStep() async throws {
        let result = try await chain(["a"]).invoke(.set(Keys.items, ["seed"]))
        #expect(result.state[Keys.items] == ["seed", "a"])
    }

    @Test func fixedFanOutAppliesWritesInDeclarationOrderWhateverFinishesFirst() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("split", appending("split"))
        for (position, name) in ["w0", "w1", "w2", "w3", "w4"].enumerated() {
            // Later workers finish first: completion order is the reverse of declaration order.
            builder.addNode(name) { _, _ in
                try await Task.sleep(for: .milliseconds(5 * (5 - position)))
                return .set(Keys.items, [name])
            }
            builder.addEdge(from: "split", to: name)
            builder.addEdge(from: name, to: "join")
        }
        builder.addNode("join", appending("join"))
        builder.addEdge(from: GraphNode.start, to: "split")
        builder.addEdge(from: "join", to: GraphNode.end)
        let graph = try builder.compile()
        for _ in 0..<3 {
            let result = try await graph.invoke()
            #expect(result.state[Keys.items] == ["split", "w0", "w1", "w2", "w3", "w4", "join"])
        }
    }

    @Test func dynamicSendRunsOneBranchPerItemInSendOrder() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("plan") { _, _ in Update() }
        builder.addNode("work") { _, context in
            let item = try #require(try context.input(as: Int.self))
            try await Task.sleep(for: .milliseconds(10 - item * 2))  // reverse completion order
            return .set(Keys.items, ["item\(item)"])
        }
        builder.addEdge(from: GraphNode.start, to: "plan")
        builder.addFanOut(from: "plan", targets: ["work"]) { _ in (0..<4).map { Send("work", input: $0) } }
        builder.addEdge(from: "work", to: GraphNode.end)
        let result = try await builder.compile().invoke()
        #expect(result.state[Keys.items] == ["item0", "item1", "item2", "item3"])
    }

    @Test func twoWritesToALastValueKeyInOneStepAreATypedError() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.answer)
        // No `writes:` declared, so compile cannot see it: the run must catch it.
        builder.addNode("left") { _, _ in .set(Keys.answer, "left") }
        builder.addNode("right") { _, _ in .set(Keys.answer, "right") }
        builder.addEdge(from: GraphNode.start, to: "left")
        builder.addEdge(from: GraphNode.start, to: "right")
        let error = try await #require(throws: GraphError.self) { try await builder.compile().invoke() }
        #expect(error.code == .conflictingWrites)
        #expect(error.node == "right")
    }

    @Test func customAndDictionaryReducers() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.count, reducer: .custom { $0 += $1 })
        builder.addChannel(Keys.tags, reducer: .mergeDictionary())
        builder.addNode("a") { _, _ in Update.set(Keys.count, 2).set(Keys.tags, ["x": "a", "y": "a"]) }
        builder.addNode("b") { _, _ in Update.set(Keys.count, 5).set(Keys.tags, ["y": "b"]) }
        builder.addEdge(from: GraphNode.start, to: "a")
        builder.addEdge(from: GraphNode.start, to: "b")
        let result = try await builder.compile().invoke(.set(Keys.count, 10))
        #expect(result.state[Keys.count] == 17)
        #expect(result.state[Keys.tags] == ["x": "a", "y": "b"])
    }

    @Test func conditionalEdgeRoutesOnState() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addChannel(Keys.count)
        builder.addNode("route") { _, _ in Update() }
        builder.addNode("small", appending("small"))
        builder.addNode("large", appending("large"))
        builder.addEdge(from: GraphNode.start, to: "route")
        builder.addConditionalEdge(from: "route", targets: ["small", "large"]) { $0[Keys.count] > 10 ? "large" : "small" }
        let graph = try builder.compile()
        #expect(try await graph.invoke(.set(Keys.count, 3)).state[Keys.items] == ["small"])
        #expect(try await graph.invoke(.set(Keys.count, 30)).state[Keys.items] == ["large"])
    }

    @Test func loopEndsThroughItsCondition() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.count, reducer: .custom { $0 += $1 })
        builder.addNode("tick") { _, _ in .set(Keys.count, 1) }
        builder.addEdge(from: GraphNode.start, to: "tick")
        builder.addConditionalEdge(from: "tick", targets: ["tick", GraphNode.end]) {
            $0[Keys.count] < 5 ? "tick" : GraphNode.end
        }
        let result = try await builder.compile().invoke()
        #expect(result.state[Keys.count] == 5)
    }

    @Test func endlessLoopHitsTheStepLimit() async throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.count, reducer: .custom { $0 += $1 })
        builder.addNode("tick") { _, _ in .set(Keys.count, 1) }
        builder.addEdge(from: GraphNode.start, to: "tick")
        builder.addEdge(from: "tick", to: "tick")
        let error = try await #require(throws: GraphError.self) {
            try await builder.compile().invoke(config: RunConfig(stepLimit: 7))
        }
        #expect(error.code == .stepLimitExceeded)
    }

    @Test func routeToAnUnknownNodeFailsTheRun() async throws {
        var builder = GraphBuilder()
        builder.addNode("a") { _, _ in Update() }
        builder.addEdge(from: GraphNode.start, to: "a")
        builder.addConditionalEdges(from: "a", targets: [GraphNode.end]) { _ in [.node("ghost")] }
        let error = try await #require(throws: GraphError.self) { try await builder.compile().invoke() }
        #expect(error.code == .unknownNode)
    }

    @Test func writeToAnUndeclaredKeyFailsTheRun() async throws {
        var builder = GraphBuilder()
        builder.addNode("a") { _, _ in .set(Keys.count, 1) }
        builder.addEdge(from: GraphNode.start, to: "a")
        let error = try await #require(throws: GraphError.self) { try await builder.compile().invoke() }
        #expect(error.code == .unknownChannel)
        #expect(error.node == "a")
    }
}
