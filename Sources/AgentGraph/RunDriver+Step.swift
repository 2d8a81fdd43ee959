import Foundation

/// How one task ended.
/// How one task ended. The rare cases are boxed (`indirect`) so the outcome is two words in
/// the run's frames.
enum TaskOutcome: Sendable {
    case update(Update)
    indirect case interrupt(GraphInterrupt)
    indirect case failure(GraphError)
}

struct StepOutcome {
    var updates: [Update]
    var interrupt: GraphInterrupt?
    /// On an interrupt: the interrupted task, and the updates of the tasks that finished.
    var interruptedTask = 0
    var finished: [Int: Update] = [:]
}

extension RunDriver {
    /// Runs a step's tasks concurrently and returns their updates in task order. With a
    /// checkpointer, each finished task's writes are saved at once, so a failure or a crash
    /// later in the step does not make it run again.

    func runParallel(_ cursor: Cursor) async throws -> StepOutcome {
        let (tasks, state, step) = (cursor.tasks, cursor.state, cursor.step)
        var updates = [Update?](repeating: nil, count: tasks.count)
        for (position, update) in cursor.resume?.kept ?? [:] where position < tasks.count { updates[position] = update }
        var interrupt: GraphInterrupt?
        var interruptedTask = 0
        var failure: GraphError?
        try await withThrowingTaskGroup(of: (Int, TaskOutcome).self) { group in
            // Every task is a child, so a failing sibling cancels the others at once.
            for position in tasks.indices where updates[position] == nil {
                let task = tasks[position]
                let value = cursor.resume?.value(for: position)
                group.addTask {
                    (position, await self.execute(task, index: position, state: state, step: step, resume: value))
                }
            }
            while let (position, outcome) = try await group.next() {
                switch outcome {
                case .update(let update):
                    updates[position] = update
                    try await record(update, taskIndex: position, node: tasks[position].node, step: step)
                case .interrupt(let paused):
                    if interrupt == nil { interruptedTask = position }
                    interrupt = interrupt ?? paused
                    try await record(paused, taskIndex: position, step: step)
                case .failure(let error):
                    if failure == nil {
                        failure = error  // the first failure is the cause; siblings are cancelled
                        group.cancelAll()
                    }
                }
            }
        }
        if let failure { throw failure }
        if let interrupt {
            var finished: [Int: Update] = [:]
            for (position, update) in updates.enumerated() { if let update { finished[position] = update } }
            return StepOutcome(updates: [], interrupt: interrupt, interruptedTask: interruptedTask, finished: finished)
        }
        return StepOutcome(updates: updates.map { $0 ?? Update() })
    }

    private func record(_ update: Update, taskIndex: Int, node: Int, step: Int) async throws {
        guard keepsCheckpoints, let (checkpointer, thread) = store else { return }
        let write = PendingWrite(
            taskIndex: taskIndex, node: definition.nodes[node].name, kind: .writes,
            data: try definition.codec.encode(update))
        try await checkpointer.putWrites([write], thread: thread, step: step)
    }

    func record(_ interrupt: GraphInterrupt, taskIndex: Int, step: Int) async throws {
        guard keepsCheckpoints, let (checkpointer, thread) = store else { return }
        let write = PendingWrite(taskIndex: taskIndex, node: interrupt.node, kind: .interrupt, data: interrupt.payload)
        try await checkpointer.putWrites([write], thread: thread, step: step)
    }

    /// Runs one task; nodes without a policy take the short path.
    @inline(never)
    func execute(_ task: GraphTask, index: Int, state: GraphState, step: Int, resume: Data?) async -> TaskOutcome {
        if definition.nodes[task.node].policy.isPlain == false {
            return await executeWithPolicy(task, index: index, state: state, step: step, resume: resume)
        }
        let context = start(task, index: index, step: step, attempt: 1, resume: resume)
        do {
            return finish(try await definition.nodes[task.node].run(state, context), node: task.node, step: step)
        } catch {
            return outcome(of: error, node: task.node)
        }
    }

    // The helpers below are sync and never inlined on purpose: their temporaries (events,
    // errors) then live on the thread's stack, not in the run's long-lived async frames.

    @inline(never)
    private func start(_ task: GraphTask, index: Int, step: Int, attempt: Int, resume: Data?) -> NodeContext {
        if attempt == 1, let events { events.yield(.nodeStarted(node: definition.nodes[task.node].name, step: step)) }
        return makeContext(task, index: index, step: step, attempt: attempt, resume: resume)
    }

    @inline(never)
    private func finish(_ update: Update, node: Int, step: Int) -> TaskOutcome {
        if let events { events.yield(.nodeFinished(node: definition.nodes[node].name, step: step, update: update)) }
        return .update(update)
    }

    private func makeContext(_ task: GraphTask, index: Int, step: Int, attempt: Int, resume: Data?) -> NodeContext {
        NodeContext(
            node: definition.nodes[task.node].name, step: step, runID: runID, threadID: config.threadID,
            taskIndex: index, attempt: attempt, input: task.input, resumeValue: resume, events: events)
    }

    /// What a thrown error means for the run: an interrupt, a cancellation or a node failure.
    @inline(never)
    private func outcome(of error: any Error, node: Int) -> TaskOutcome {
        let name = definition.nodes[node].name
        if let interrupt = error as? GraphInterrupt { return .interrupt(interrupt) }
        if let graphError = error as? GraphError, graphError.code == .nodeTimedOut { return .failure(graphError) }
        if Task.isCancelled || error is CancellationError {
            return .failure(GraphError(.cancelled, node: name, "the run was cancelled"))
        }
        return .failure(GraphError(.nodeFailed, node: name, "node '\(name)' failed", underlying: error))
    }

    /// Timeout, retries with backoff, degrade.

    private func executeWithPolicy(
        _ task: GraphTask, index: Int, state: GraphState, step: Int, resume: Data?
    ) async -> TaskOutcome {
        let node = definition.nodes[task.node]
        var attempt = 1
        while true {
            let context = start(task, index: index, step: step, attempt: attempt, resume: resume)
            let result: TaskOutcome
            do {
                let update: Update
                if let timeout = node.policy.timeout {
                    update = try await withTimeout(timeout, node: node.name) { try await node.run(state, context) }
                } else {
                    update = try await node.run(state, context)
                }
                return finish(update, node: task.node, step: step)
            } catch {
                result = outcome(of: error, node: task.node)
            }
            guard case .failure(let failure) = result, failure.code != .cancelled else { return result }
            let cause = failure.underlying ?? failure
            if let retry = node.policy.retry, attempt < retry.maxAttempts, retry.shouldRetry(cause) {
                do {
                    try await Task.sleep(for: retry.backoff(after: attempt))
                } catch {
                    return .failure(GraphError(.cancelled, node: node.name, "the run was cancelled"))
                }
                attempt += 1
                continue
            }
            if node.policy.degradeOnFailure {
                return finish(.set(.nodeFailures, [node.name: failure.description]), node: task.node, step: step)
            }
            return result
        }
    }

    private func withTimeout(
        _ timeout: Duration, node: String, _ body: @escaping @Sendable () async throws -> Update
    ) async throws -> Update {
        try await withThrowingTaskGroup(of: Update?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            if let update = try await group.next() ?? nil { return update }
            throw GraphError(.nodeTimedOut, node: node, "node '\(node)' ran longer than \(timeout)")
        }
    }
}
