import AgentGraph
import PerinTesting
import Storage
import Testing

/// Two runners, each with its own connection pool and its own in-process lock (as two server
/// processes would have), race on one thread of one PostgreSQL.
@Suite("PostgreSQL: two runners on one thread")
struct PostgresRaceTests {
    @Test(.enabled(if: TestDatabases.kinds.contains(.postgresql), "needs PERIN_TEST_DATABASE_URL"))
    func racingRunnersKeepTheChainLinear() async throws {
        let handle = try await TestDatabases.makeDatabase(.postgresql)
        do {
            try await race(handle)
        } catch {
            await handle.cleanup()
            throw error
        }
        await handle.cleanup()
    }

    private func race(_ handle: TestDatabases.Handle) async throws {
        try await TestDatabases.withRunning(handle.location) { first in
            try await MigrationRunner(database: first, migrations: [Migration020GraphCheckpoints.migration]).migrate()
            try await TestDatabases.withRunning(handle.location, migrate: false) { second in
                let active = ActiveGauge()
                let runner = { (database: PerinDatabase) throws -> CompiledGraph in
                    var builder = GraphBuilder()
                    builder.addChannel(Keys.count, reducer: .custom { $0 += $1 })
                    builder.addNode("read") { _, _ in
                        active.enter()
                        defer { active.leave() }
                        try await Task.sleep(for: .milliseconds(3))
                        return .set(Keys.count, 1)
                    }
                    builder.addNode("write") { _, _ in .set(Keys.count, 1) }
                    builder.addEdge(from: GraphNode.start, to: "read")
                    builder.addEdge(from: "read", to: "write")
                    return try builder.compile(
                        checkpointer: SQLCheckpointer(database: database), retention: nil,
                        threadLock: DatabaseThreadLock(database: database), localLock: LocalThreadLock())
                }
                let graphs = [try runner(first), try runner(second)]
                let thread = uniqueThread("race")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<16 {
                        group.addTask { _ = try await graphs[index % 2].invoke(config: RunConfig(threadID: thread)) }
                    }
                    try await group.waitForAll()
                }
                #expect(active.maximum == 1)
                let chain = try await SQLCheckpointer(database: first).list(thread: thread, limit: nil)
                #expect(chain.count == 16 * 3)
                #expect(chain.map(\.step) == Array((0..<48).reversed()))
                #expect(zip(chain, chain.dropFirst()).allSatisfy { $0.parentStep == $1.step })
                #expect(try await graphs[0].state(thread: thread)?[Keys.count] == 32)
            }
        }
    }
}
