import Foundation

/// One task of a step: a node and its `Send` input.
struct GraphTask: Sendable {
    let node: Int
    let input: TaskInput
}

/// Drives one run step by step: run the step's tasks, apply their updates in task order,
/// route, checkpoint. Runs in the caller's task (no actor hop per node). A class, not a
/// struct, so that every async frame of the run holds one reference instead of a copy.
final class RunDriver: Sendable {
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

    init(
        definition: GraphDefinition, checkpointer: (any Checkpointer)?, retention: Int?, config: RunConfig,
        runID: String, events: AsyncStream<GraphEvent>.Continuation?
    ) {
        self.definition = definition
        self.checkpointer = checkpointer
        self.retention = retention
        self.config = config
        self.runID = runID
        self.events = events
        let stored = checkpointer != nil && config.threadID != nil
        self.keepsCheckpoints = stored && config.checkpointing == .everyStep
        self.savesPauses = stored && config.checkpointing == .onInterrupt
    }

    /// Whether this run checkpoints every step (it has a checkpointer and a thread).
    let keepsCheckpoints: Bool
    /// Whether this run checkpoints only when it pauses (`Checkpointing.onInterrupt`).
    let savesPauses: Bool

    /// The checkpointer, when this run keeps checkpoints (it has a thread).
    var store: (any Checkpointer, String)? {
        guard let checkpointer, let thread = config.threadID else { return nil }
        return (checkpointer, thread)
    }

    /// Where a run stands between steps.
    struct Cursor {
        var state = GraphState()
        var step = 0
        var tasks: [GraphTask] = []
        /// Set on the first step of a resumed run only.
        var resume: ResumePoint?
    }

    /// What a resumed step carries over: outcomes saved before the stop, and the answer to
    /// an interrupt. A class so the common, fresh cursor stays four words.
    final class ResumePoint: Sendable {
        let kept: [Int: Update]  // task index → update saved before a failure or crash
        let interrupted: Set<Int>
        let value: Data?

        init(kept: [Int: Update], interrupted: Set<Int>, value: Data?) {
            self.kept = kept
            self.interrupted = interrupted
            self.value = value
        }

        func value(for task: Int) -> Data? { interrupted.contains(task) ? value : nil }
    }

    // Async frames live on the task's allocator for as long as a run is in flight, so the
    // hot loop is split from the cold set-up and policy paths: a sleeping run stays small.

    func run(_ start: Start) async throws -> RunResult {
        if !keepsCheckpoints, case .input(let input) = start {
            return try await loop(begin(input))
        }
        let result = try await loop(beginStored(start))
        if savesPauses, !result.isInterrupted, let (checkpointer, thread) = store {
            // The pause was answered and the run is done: nothing is left to resume.
            try await checkpointer.deleteThread(thread)
        }
        return result
    }

    private func loop(_ cursor: consuming Cursor) async throws -> RunResult {
        var cursor = cursor
        var stepsRun = 0
        while !cursor.tasks.isEmpty {
            try checkStepLimit(stepsRun)
            stepsRun += 1
            if cursor.tasks.count == 1, cursor.resume?.kept.isEmpty ?? true {
                // One task: run it inline in this task, no group, no buffer.
                let outcome = await execute(
                    cursor.tasks[0], index: 0, state: cursor.state, step: cursor.step,
                    resume: cursor.resume?.value(for: 0))
                if let interrupt = try settle(outcome, &cursor) {
                    if keepsCheckpoints { try await record(interrupt, taskIndex: 0, step: cursor.step) }
                    if savesPauses { try await savePause(cursor, kept: [:], interrupt: interrupt, taskIndex: 0) }
                    return result(cursor, interrupt: interrupt)
                }
            } else if let interrupt = try await stepParallel(&cursor) {
                return result(cursor, interrupt: interrupt)
            }
            if keepsCheckpoints {
                try await save(cursor.state, step: cursor.step, parent: cursor.step - 1, next: cursor.tasks)
            }
        }
        return result(cursor, interrupt: nil)
    }

    @inline(never)
    private func checkStepLimit(_ stepsRun: Int) throws {
        guard stepsRun < config.stepLimit else {
            throw GraphError(.stepLimitExceeded, "the run took more than \(config.stepLimit) steps")
        }
    }

    @inline(never)
    private func result(_ cursor: Cursor, interrupt: GraphInterrupt?) -> RunResult {
        RunResult(state: cursor.state, runID: runID, interrupt: interrupt, step: cursor.step)
    }

    /// A step of several tasks (kept out of `loop` so chains do not carry its frame).
    @inline(never)
    private func stepParallel(_ cursor: inout Cursor) async throws -> GraphInterrupt? {
        let outcome = try await runParallel(cursor)
        if let interrupt = outcome.interrupt {
            if savesPauses { try await savePause(cursor, kept: outcome.finished, interrupt: interrupt, taskIndex: outcome.interruptedTask) }
            return interrupt
        }
        try advance(&cursor, with: outcome.updates)
        return nil
    }

    /// Applies a single task's outcome: its update moves the run on, an interrupt is returned.
    @inline(never)
    private func settle(_ outcome: TaskOutcome, _ cursor: inout Cursor) throws -> GraphInterrupt? {
        switch outcome {
        case .update(let update):
            try advance(&cursor, with: CollectionOfOne(update))
            return nil
        case .interrupt(let interrupt):
            return interrupt
        case .failure(let error):
            throw error
        }
    }

    /// Applies a step's updates and routes to the next step.
    @inline(never)
    private func advance(_ cursor: inout Cursor, with updates: some Collection<Update>) throws {
        try apply(updates, of: cursor.tasks, to: &cursor.state)
        cursor.tasks = try nextTasks(after: cursor.tasks, state: cursor.state)
        cursor.step += 1
        cursor.resume = nil
    }

    /// A run without checkpoints: the input on an empty state.
    @inline(never)
    private func begin(_ input: Update) throws -> Cursor {
        var cursor = Cursor()
        events?.yield(.runStarted(runID: runID, threadID: config.threadID, step: 0))
        if !input.isEmpty { try apply([input], of: nil, to: &cursor.state) }
        cursor.tasks = try nextTasks(after: nil, state: cursor.state)
        return cursor
    }

    /// A run on a checkpointed thread: new input on the newest state, or a resume.

    private func beginStored(_ start: Start) async throws -> Cursor {
        var cursor = Cursor()
        switch start {
        case .input(let input):
            var parent: Int?
            if let (checkpointer, thread) = store,
               let latest = try await checkpointer.get(thread: thread, step: nil) {
                cursor.state = try definition.codec.decodeState(latest.checkpoint.state)
                parent = latest.checkpoint.step
            }
            cursor.step = (parent ?? -1) + 1
            events?.yield(.runStarted(runID: runID, threadID: config.threadID, step: cursor.step))
            if !input.isEmpty { try apply([input], of: nil, to: &cursor.state) }
            cursor.tasks = try nextTasks(after: nil, state: cursor.state)
            try await save(cursor.state, step: cursor.step, parent: parent, next: cursor.tasks)
        case .resume(let value):
            guard let (checkpointer, thread) = store else {
                throw GraphError(.checkpointerMissing, "resume needs a checkpointer and a thread")
            }
            guard let latest = try await checkpointer.get(thread: thread, step: nil) else {
                throw GraphError(.noCheckpoint, "thread '\(thread)' has no checkpoint")
            }
            cursor.state = try definition.codec.decodeState(latest.checkpoint.state)
            cursor.step = latest.checkpoint.step
            cursor.tasks = try latest.checkpoint.next.map(decodeTask)
            var kept: [Int: Update] = [:]
            var interrupted: Set<Int> = []
            for write in latest.pendingWrites where write.taskIndex < cursor.tasks.count {
                switch write.kind {
                case .writes: kept[write.taskIndex] = try definition.codec.decodeUpdate(write.data)
                case .interrupt: interrupted.insert(write.taskIndex)
                }
            }
            cursor.resume = ResumePoint(kept: kept, interrupted: interrupted, value: value)
            events?.yield(.runStarted(runID: runID, threadID: thread, step: cursor.step))
        }
        return cursor
    }

    // MARK: Applying updates

    /// Applies updates in task order. A last-value key written twice in one step is an error.
    func apply(_ updates: some Collection<Update>, of tasks: [GraphTask]?, to state: inout GraphState) throws {
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
                    let input: TaskInput = send.input.map { .value(InputBox($0)) } ?? .none
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


    /// `Checkpointing.onInterrupt`: the paused step's checkpoint (replacing any earlier pause
    /// of the thread), the writes of its tasks that finished, and the interrupt.
    @inline(never)
    private func savePause(_ cursor: Cursor, kept: [Int: Update], interrupt: GraphInterrupt, taskIndex: Int) async throws {
        guard let (checkpointer, thread) = store else { return }
        try await checkpointer.deleteThread(thread)
        try await save(cursor.state, step: cursor.step, parent: nil, next: cursor.tasks)
        var writes = try kept.sorted { $0.key < $1.key }.map { index, update in
            PendingWrite(taskIndex: index, node: definition.nodes[cursor.tasks[index].node].name, kind: .writes,
                         data: try definition.codec.encode(update))
        }
        writes.append(PendingWrite(taskIndex: taskIndex, node: interrupt.node, kind: .interrupt, data: interrupt.payload))
        try await checkpointer.putWrites(writes, thread: thread, step: cursor.step)
    }

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
        case .value(let box): return PendingTask(node: name, input: try JSONEncoder().encode(box.value))
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
