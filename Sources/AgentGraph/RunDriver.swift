import Foundation

/// One task of a step: a node and its `Send` input.
struct GraphTask: Sendable {
    let node: Int
    let input: TaskInput
}

/// Drives one run step by step: run the step's tasks, apply their updates in task order,
/// route, checkpoint. A plain struct living in the run's own task: no actor hop per node.
struct RunDriver: Sendable {
    enum Start {
        case input(Update)
        case resume(Data?)
    }

    let definition: GraphDefinition
    let checkpointer: (any Checkpointer)?
    let retention: Int?
    let config: RunConfig
    let runID: String
    let events: AsyncStream<GraphEvent>.Continuation?

    /// The checkpointer, when this run keeps checkpoints (it has a thread).
    var store: (any Checkpointer, String)? {
        guard let checkpointer, let thread = config.threadID else { return nil }
        return (checkpointer, thread)
    }

    func run(_ start: Start) async throws -> RunResult {
        var state = GraphState()
        var step: Int
        var tasks: [GraphTask]
        var kept: [Int: Update] = [:]  // task index → update saved before a failure or crash
        var interrupted: Set<Int> = []
        var resumeValue: Data?

        switch start {
        case .input(let input):
            var parent: Int?
            if let (checkpointer, thread) = store,
               let latest = try await checkpointer.get(thread: thread, step: nil) {
                state = try definition.codec.decodeState(latest.checkpoint.state)
                parent = latest.checkpoint.step
            }
            step = (parent ?? -1) + 1
            events?.yield(.runStarted(runID: runID, threadID: config.threadID, step: step))
            if !input.isEmpty { try apply([input], of: nil, to: &state) }
            tasks = try nextTasks(after: nil, state: state)
            try await save(state, step: step, parent: parent, next: tasks)
        case .resume(let value):
            guard let (checkpointer, thread) = store else {
                throw GraphError(.checkpointerMissing, "resume needs a checkpointer and a thread")
            }
            guard let latest = try await checkpointer.get(thread: thread, step: nil) else {
                throw GraphError(.noCheckpoint, "thread '\(thread)' has no checkpoint")
            }
            state = try definition.codec.decodeState(latest.checkpoint.state)
            step = latest.checkpoint.step
            tasks = try latest.checkpoint.next.map(decodeTask)
            for write in latest.pendingWrites where write.taskIndex < tasks.count {
                switch write.kind {
                case .writes: kept[write.taskIndex] = try definition.codec.decodeUpdate(write.data)
                case .interrupt: interrupted.insert(write.taskIndex)
                }
            }
            resumeValue = value
            events?.yield(.runStarted(runID: runID, threadID: thread, step: step))
        }

        var stepsRun = 0
        while !tasks.isEmpty {
            guard stepsRun < config.stepLimit else {
                throw GraphError(.stepLimitExceeded, "the run took more than \(config.stepLimit) steps")
            }
            stepsRun += 1
            let outcome = try await runStep(
                tasks, state: state, step: step, kept: kept, resume: (interrupted, resumeValue))
            if let interrupt = outcome.interrupt {
                return RunResult(state: state, runID: runID, interrupt: interrupt, step: step)
            }
            try apply(outcome.updates, of: tasks, to: &state)
            let next = try nextTasks(after: tasks, state: state)
            try await save(state, step: step + 1, parent: step, next: next)
            step += 1
            tasks = next
            kept = [:]
            interrupted = []
            resumeValue = nil
        }
        return RunResult(state: state, runID: runID, interrupt: nil, step: step)
    }

    // MARK: Applying updates

    /// Applies updates in task order. A last-value key written twice in one step is an error.
    func apply(_ updates: [Update], of tasks: [GraphTask]?, to state: inout GraphState) throws {
        var lastValueWriters: [String: Int] = [:]
        let checkConflicts = updates.count > 1
        for (position, update) in updates.enumerated() {
            for write in update.writes {
                guard let channel = definition.channels[write.name] else {
                    throw GraphError(.unknownChannel, node: nodeName(tasks, position), "state key '\(write.name)' is not declared")
                }
                guard channel.accepts(write.value) else {
                    throw GraphError(.wrongValueType, node: nodeName(tasks, position),
                                     "state key '\(write.name)' got a \(type(of: write.value))")
                }
                if channel.isLastValue {
                    if checkConflicts {
                        if let other = lastValueWriters.updateValue(position, forKey: write.name) {
                            throw GraphError(
                                .conflictingWrites, node: nodeName(tasks, position),
                                "'\(nodeName(tasks, other) ?? "?")' and '\(nodeName(tasks, position) ?? "?")' both wrote last-value key '\(write.name)' in one step")
                        }
                    }
                    state.values[write.name] = write.value
                } else {
                    var slot = state.values.removeValue(forKey: write.name)
                    channel.reduce(&slot, write.value)
                    state.values[write.name] = slot
                }
            }
        }
    }

    private func nodeName(_ tasks: [GraphTask]?, _ position: Int) -> String? {
        guard let tasks else { return GraphNode.start }
        return definition.nodes[tasks[position].node].name
    }

    // MARK: Routing

    /// The next step's tasks: fixed and routed targets once each in declaration order, then
    /// `Send` branches in the order they were sent.
    func nextTasks(after tasks: [GraphTask]?, state: GraphState) throws -> [GraphTask] {
        guard let tasks else {
            return try route(targets: [definition.entryTargets], routers: definition.entryRouters, state: state)
        }
        if tasks.count == 1 {
            let node = definition.nodes[tasks[0].node]
            if node.routers.isEmpty, node.targets.count <= 1 {  // a chain: no set to build
                return node.targets.map { GraphTask(node: $0, input: .none) }
            }
        }
        var targets: [[Int]] = []
        var routers: [GraphDefinition.Router] = []
        for task in tasks {
            let node = definition.nodes[task.node]
            targets.append(node.targets)
            routers += node.routers
        }
        return try route(targets: targets, routers: routers, state: state)
    }

    private func route(targets: [[Int]], routers: [GraphDefinition.Router], state: GraphState) throws -> [GraphTask] {
        var marked = [Bool](repeating: false, count: definition.nodes.count)
        for list in targets { for target in list { marked[target] = true } }
        var sends: [GraphTask] = []
        for router in routers {
            for route in try router.route(state) {
                switch route {
                case .node(let name):
                    if name == GraphNode.end { continue }
                    marked[try nodeIndex(name)] = true
                case .send(let send):
                    let input: TaskInput = send.input.map(TaskInput.value) ?? .none
                    sends.append(GraphTask(node: try nodeIndex(send.node), input: input))
                }
            }
        }
        var next: [GraphTask] = []
        for (position, isMarked) in marked.enumerated() where isMarked {
            next.append(GraphTask(node: position, input: .none))
        }
        return next + sends
    }

    private func nodeIndex(_ name: String) throws -> Int {
        guard let position = definition.index[name] else {
            throw GraphError(.unknownNode, "a route names unknown node '\(name)'")
        }
        return position
    }

    // MARK: Checkpoints

    private func save(_ state: GraphState, step: Int, parent: Int?, next: [GraphTask]) async throws {
        guard let (checkpointer, thread) = store else { return }
        let checkpoint = Checkpoint(
            threadID: thread, step: step, parentStep: parent, runID: runID,
            state: try definition.codec.encode(state), next: try next.map(encodeTask))
        try await checkpointer.put(checkpoint, keepLast: retention)
    }

    private func encodeTask(_ task: GraphTask) throws -> PendingTask {
        let name = definition.nodes[task.node].name
        switch task.input {
        case .none: return PendingTask(node: name)
        case .value(let value): return PendingTask(node: name, input: try JSONEncoder().encode(value))
        case .encoded(let data): return PendingTask(node: name, input: data)
        }
    }

    private func decodeTask(_ task: PendingTask) throws -> GraphTask {
        guard let position = definition.index[task.node] else {
            throw GraphError(.checkpointCorrupt, "checkpoint names unknown node '\(task.node)'")
        }
        return GraphTask(node: position, input: task.input.map(TaskInput.encoded) ?? .none)
    }
}
