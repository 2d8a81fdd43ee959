import Foundation

/// An immutable, runnable graph. Share it freely: every run has its own state.
public struct CompiledGraph: Sendable {
    let definition: GraphDefinition
    public let checkpointer: (any Checkpointer)?
    public let retention: Int?
    let localLock: LocalThreadLock
    let threadLock: (any ThreadLock)?

    /// Node names in declaration order (the order a step's updates are applied in).
    public var nodeNames: [String] { definition.nodes.map(\.name) }

    /// Runs the graph to its end (or an interrupt). On a thread with checkpoints, the run
    /// starts from the thread's newest state with `input` applied on top.
    public func invoke(_ input: Update = Update(), config: RunConfig = RunConfig()) async throws -> RunResult {
        guard config.threadID == nil else { return try await invokeLocked(input, config: config) }
        let driver = driver(config, events: nil)
        do {  // no thread, no lock: the shortest path (and the smallest frames)
            return try await driver.run(.input(input))
        } catch {
            throw Self.graphError(error)
        }
    }

    private func invokeLocked(_ input: Update, config: RunConfig) async throws -> RunResult {
        try await locked(config) { try await driver(config, events: nil).run(.input(input)) }
    }

    /// Continues the thread from its newest checkpoint: answers an interrupt with `value`,
    /// or finishes a run whose process died. Tasks whose writes were saved do not run again.
    public func resume(
        thread: String, value: (any Encodable & Sendable)? = nil, config: RunConfig = RunConfig()
    ) async throws -> RunResult {
        var config = config
        config.threadID = thread
        let encoded = try value.map { try JSONEncoder().encode($0) }
        return try await locked(config) { try await driver(config, events: nil).run(.resume(encoded)) }
    }

    /// `invoke`, reporting events as they happen. Stopping the iteration cancels the run.
    public func stream(_ input: Update = Update(), config: RunConfig = RunConfig()) -> AsyncStream<GraphEvent> {
        makeStream(config) { driver in try await driver.run(.input(input)) }
    }

    /// `resume`, reporting events as they happen.
    public func streamResume(
        thread: String, value: (any Encodable & Sendable)? = nil, config: RunConfig = RunConfig()
    ) -> AsyncStream<GraphEvent> {
        var config = config
        config.threadID = thread
        let encoded = Result { try value.map { try JSONEncoder().encode($0) } }
        return makeStream(config) { driver in try await driver.run(.resume(try encoded.get())) }
    }

    /// The newest state of a thread, from its checkpoints.
    public func state(thread: String) async throws -> GraphState? {
        guard let checkpointer else { throw GraphError(.checkpointerMissing, "the graph has no checkpointer") }
        guard let record = try await checkpointer.get(thread: thread, step: nil) else { return nil }
        return try definition.codec.decodeState(record.checkpoint.state)
    }

    @inline(never)
    private func driver(_ config: RunConfig, events: AsyncStream<GraphEvent>.Continuation?) -> RunDriver {
        RunDriver(
            definition: definition, checkpointer: checkpointer, retention: retention, config: config,
            runID: config.runID ?? RunIDs.next(), events: events)
    }

    private func locked(
        _ config: RunConfig, _ body: () async throws -> RunResult
    ) async throws -> RunResult {
        do {
            guard let thread = config.threadID else { return try await body() }
            return try await localLock.withLock(thread: thread) {
                guard let threadLock else { return try await body() }
                return try await threadLock.withLock(thread: thread) { try await body() }
            }
        } catch {
            throw Self.graphError(error)
        }
    }

    /// Every error a run throws is a `GraphError`; anything else came from storage.
    @inline(never)
    static func graphError(_ error: any Error) -> GraphError {
        switch error {
        case let error as GraphError: error
        case is CancellationError: GraphError(.cancelled, "the run was cancelled")
        default: GraphError(.storageFailed, "checkpoint or lock storage failed", underlying: error)
        }
    }

    private func makeStream(
        _ config: RunConfig, _ body: @escaping @Sendable (RunDriver) async throws -> RunResult
    ) -> AsyncStream<GraphEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: GraphEvent.self)
        let task = Task {
            do {
                let result = try await locked(config) { try await body(driver(config, events: continuation)) }
                if let interrupt = result.interrupt {
                    continuation.yield(.interrupted(interrupt))
                } else {
                    continuation.yield(.finished(result.state))
                }
            } catch let error as GraphError {
                continuation.yield(.failed(error))
            } catch {
                continuation.yield(.failed(GraphError(.nodeFailed, "\(error)", underlying: error)))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
