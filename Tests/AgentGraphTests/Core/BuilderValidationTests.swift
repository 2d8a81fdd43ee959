import AgentGraph
import Testing

@Suite("compile() validation")
struct BuilderValidationTests {
    @Test func unknownTargetIsRejected() throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("a", appending("a"))
        builder.addEdge(from: GraphNode.start, to: "a")
        builder.addEdge(from: "a", to: "nowhere")
        let error = try #require(throws: GraphValidationError.self) { try builder.compile() }
        #expect(error.problems == [.unknownTarget(from: "a", to: "nowhere")])
    }

    @Test func unreachableNodeIsRejected() throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.items, reducer: .append)
        builder.addNode("a", appending("a"))
        builder.addNode("orphan", appending("orphan"))
        builder.addEdge(from: GraphNode.start, to: "a")
        builder.addEdge(from: "orphan", to: "a")
        let error = try #require(throws: GraphValidationError.self) { try builder.compile() }
        #expect(error.problems == [.unreachable("orphan")])
    }

    @Test func missingEntryAndDuplicateNodesAreRejected() throws {
        var builder = GraphBuilder()
        builder.addNode("a", appending("a"))
        builder.addNode("a", appending("a"))
        let error = try #require(throws: GraphValidationError.self) { try builder.compile() }
        #expect(error.problems.contains(.duplicateNode("a")))
        #expect(error.problems.contains(.noEntry))
    }

    @Test func parallelWritersOfALastValueKeyNeedAReducer() throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.answer)
        builder.addNode("left", writes: [Keys.answer]) { _, _ in .set(Keys.answer, "l") }
        builder.addNode("right", writes: [Keys.answer]) { _, _ in .set(Keys.answer, "r") }
        builder.addEdge(from: GraphNode.start, to: "left")
        builder.addEdge(from: GraphNode.start, to: "right")
        let error = try #require(throws: GraphValidationError.self) { try builder.compile() }
        #expect(error.problems == [.missingReducer(key: "answer", nodes: ["left", "right"])])
    }

    @Test func fanOutTargetWritingALastValueKeyNeedsAReducer() throws {
        var builder = GraphBuilder()
        builder.addChannel(Keys.answer)
        builder.addNode("split") { _, _ in Update() }
        builder.addNode("worker", writes: [Keys.answer]) { _, _ in .set(Keys.answer, "w") }
        builder.addEdge(from: GraphNode.start, to: "split")
        builder.addFanOut(from: "split", targets: ["worker"]) { _ in [Send("worker")] }
        let error = try #require(throws: GraphValidationError.self) { try builder.compile() }
        #expect(error.problems == [.missingReducer(key: "answer", nodes: ["worker"])])
    }

    @Test func undeclaredWrittenKeyIsRejected() throws {
        var builder = GraphBuilder()
        builder.addNode("a", writes: [Keys.count]) { _, _ in .set(Keys.count, 1) }
        builder.addEdge(from: GraphNode.start, to: "a")
        let error = try #require(throws: GraphValidationError.self) { try builder.compile() }
        #expect(error.problems == [.unknownChannel(node: "a", key: "count")])
    }

    @Test func validGraphCompilesWithNodesInDeclarationOrder() throws {
        let graph = try chain(["a", "b", "c"])
        #expect(graph.nodeNames == ["a", "b", "c"])
    }
}
