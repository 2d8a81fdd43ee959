import Synchronization

/// When a run on a thread writes checkpoints.
public enum Checkpointing: Sendable, Hashable {
    /// After every step, with each task's writes as it ends: a crash resumes where it stopped.
    case everyStep
    /// Only when the run pauses: the step it paused in, its finished tasks' writes and the
    /// interrupt, so `resume` can answer it (also in another process). A new input starts
    /// from an empty state, and a resumed run that finishes removes the thread's checkpoints.
    /// For short runs (a chat turn) whose only durable moment is waiting for a person.
    case onInterrupt
}

/// Per-run settings.
public struct RunConfig: Sendable {
    /// Runs with a thread id take the thread's lock and, with a checkpointer, checkpoint
    /// (see `checkpointing`); runs without one are throwaway.
    public var threadID: String?
    /// Steps one run may take before failing with `stepLimitExceeded` (bounds loops).
    public var stepLimit: Int
    public var runID: String?
    public var checkpointing: Checkpointing

    public init(threadID: String? = nil, stepLimit: Int = 100, runID: String? = nil, checkpointing: Checkpointing = .everyStep) {
        self.threadID = threadID
        self.stepLimit = stepLimit
        self.runID = runID
        self.checkpointing = checkpointing
    }
}

/// How a run ended without error. A class: it is returned through every frame of the run,
/// where a reference costs one word.
public final class RunResult: Sendable {
    public let state: GraphState
    public let runID: String
    /// Set when a node interrupted; `resume(thread:value:)` continues the run.
    public let interrupt: GraphInterrupt?
    /// The thread's step after the run (the newest checkpoint's step).
    public let step: Int

    public var isInterrupted: Bool { interrupt != nil }

    init(state: GraphState, runID: String, interrupt: GraphInterrupt?, step: Int) {
        self.state = state
        self.runID = runID
        self.interrupt = interrupt
        self.step = step
    }
}

/// Run ids unique in this process without the cost of a UUID per run.
enum RunIDs {
    private static let counter = Atomic<Int>(0)
    private static let prefix = String(UInt32.random(in: .min ... .max), radix: 36)

    static func next() -> String {
        "\(prefix)-\(counter.wrappingAdd(1, ordering: .relaxed).newValue)"
    }
}
