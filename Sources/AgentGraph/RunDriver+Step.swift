import Foundation

/// How one task ended.
enum TaskOutcome: Sendable {
    case update(Update)
    case interrupt(GraphInterrupt)
    case failure(GraphError)
}

struct StepOutcome {
    var updates: [Update]
    var interrupt: GraphInterrupt?
}

extension RunDriver {
    /// Runs a step's tasks concurrently (inline when there is one) and returns their
    /// updates in task order. With a checkpointer, each finished task's writes are saved at
    /// once, so a failure or a crash later in the step does not make it run again.
    func runStep(
        _ tasks: [GraphTask], state: GraphState, step: Int, kept: [Int: Update],
        resume: (tasks: Set<Int>, value: Data?)
    ) async throws -> StepOutcome {
        if tasks.count == 1, kept.isEmpty {
            let value = resume.tasks.contains(0) ? resume.value : nil
            switch await execute(tasks[0], index: 0, state: state, step: step, resume: value) {
            case .update(let update):
                return StepOutcome(updates: [update])
            case .interrupt(let interrupt):
                try await record(interrupt, taskIndex: 0, step: step)
                return StepOutcome(updates: [], interrupt: interrupt)
            case .failure(let error):
                throw error
            }
        }

        var updates = [Update?](repeating: nil, count: tasks.count)
        for (position, update) in kept where position < tasks.count { updates[position] = update }
        var interrupt: GraphInterrupt?
        var failure: GraphError?
        let pending = tasks.indices.filter { updates[$0] == nil }
        try await withThrowingTaskGroup(of: (Int, TaskOutcome).self) { group in
            func handle(_ position: Int, _ outcome: TaskOutcome) async throws {
                switch outcome {
                case .update(let update):
                    updates[position] = update
                    try await record(update, taskIndex: position, node: tasks[position].node, step: step)
                case .interrupt(let paused):
                    interrupt = interrupt ?? paused
                    try await record(paused, taskIndex: position, step: step)
                case .failure(let error):
                    if failure == nil {
                        failure = error  // the first failure is the cause; siblings are cancelled
                        group.cancelAll()
                    }
                }
            }
            // Every task is a child, so a failing sibling cancels the others at once.
            for position in pending {
                let task = tasks[position]
                let value = resume.tasks.contains(position) ? resume.value : nil
                group.addTask {
                    (position, await execute(task, index: position, state: state, step: step, resume: value))
                }
            }
            while let (position, outcome) = try await group.next() {
                try await handle(position, outcome)
            }
        }
        if let failure { throw failure }
        if let interrupt { return StepOutcome(updates: [], interrupt: interrupt) }
        return StepOutcome(updates: updates.map { $0 ?? Update() })
    }

    private func record(_ update: Update, taskIndex: Int, node: Int, step: Int) async throws {
        guard let (checkpointer, thread) = store else { return }
        let write = PendingWrite(
            taskIndex: taskIndex, node: definition.nodes[node].name, kind: .writes,
            data: try definition.codec.encode(update))
        try await checkpointer.putWrites([write], thread: thread, step: step)
    }

    private func record(_ interrupt: GraphInterrupt, taskIndex: Int, step: Int) async throws {
        guard let (checkpointer, thread) = store else { return }
        let write = PendingWrite(taskIndex: taskIndex, node: interrupt.node, kind: .interrupt, data: interrupt.payload)
        try await checkpointer.putWrites([write], thread: thread, step: step)
    }

    /// Runs one task under its node's policy: timeout, retries with backoff, degrade.
    func execute(_ task: GraphTask, index: Int, state: GraphState, step: Int, resume: Data?) async -> TaskOutcome {
        let node = definition.nodes[task.node]
        events?.yield(.nodeStarted(node: node.name, step: step))
        var attempt = 1
        while true {
            let context = NodeContext(
                node: node.name, step: step, runID: runID, threadID: config.threadID, taskIndex: index,
                attempt: attempt, input: task.input, resumeValue: resume, events: events)
            do {
                let update: Update
                if let timeout = node.policy.timeout {
                    update = try await withTimeout(timeout, node: node.name) { try await node.run(state, context) }
                } else {
                    update = try await node.run(state, context)
                }
                events?.yield(.nodeFinished(node: node.name, step: step, update: update))
                return .update(update)
            } catch let interrupt as GraphInterrupt {
                return .interrupt(interrupt)
            } catch {
                let timedOut = (error as? GraphError)?.code == .nodeTimedOut
                if Task.isCancelled || (error is CancellationError && !timedOut) {
                    return .failure(GraphError(.cancelled, node: node.name, "the run was cancelled"))
                }
                let failure = timedOut
                    ? error as! GraphError
                    : GraphError(.nodeFailed, node: node.name, "node '\(node.name)' failed", underlying: error)
                if let retry = node.policy.retry, attempt < retry.maxAttempts, retry.shouldRetry(error) {
                    do {
                        try await Task.sleep(for: retry.backoff(after: attempt))
                    } catch {
                        return .failure(GraphError(.cancelled, node: node.name, "the run was cancelled"))
                    }
                    attempt += 1
                    continue
                }
                if node.policy.degradeOnFailure {
                    let marker = Update.set(.nodeFailures, [node.name: failure.description])
                    events?.yield(.nodeFinished(node: node.name, step: step, update: marker))
                    return .update(marker)
                }
                return .failure(failure)
            }
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
