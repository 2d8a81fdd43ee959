import Foundation

/// The state of a thread after one step: a plain, versioned record. `step` is the
/// checkpoint's id within its thread and grows by one per step (`parentStep == step - 1`),
/// so a thread's checkpoints form one linear chain.
public struct Checkpoint: Sendable, Codable, Equatable {
    public static let currentVersion = 1

    public var version: Int
    public var threadID: String
    public var step: Int
    public var parentStep: Int?
    public var runID: String
    /// The coded state (JSON object, one entry per written key).
    public var state: Data
    /// Tasks of the next step; empty once the run has finished.
    public var next: [PendingTask]
    public var createdAt: Date

    public init(
        threadID: String, step: Int, parentStep: Int?, runID: String, state: Data,
        next: [PendingTask], createdAt: Date = Date(), version: Int = Checkpoint.currentVersion
    ) {
        self.version = version
        self.threadID = threadID
        self.step = step
        self.parentStep = parentStep
        self.runID = runID
        self.state = state
        self.next = next
        self.createdAt = createdAt
    }
}

/// One task waiting to run: the node and its coded `Send` input.
public struct PendingTask: Sendable, Codable, Equatable {
    public var node: String
    public var input: Data?

    public init(node: String, input: Data? = nil) {
        self.node = node
        self.input = input
    }
}

/// The outcome of one task of the step after a checkpoint, saved as soon as the task ends,
/// so a resumed run neither loses it nor runs the task again.
public struct PendingWrite: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// `data` is the coded update.
        case writes
        /// `data` is the interrupt payload; the task runs again on resume.
        case interrupt
    }

    public var taskIndex: Int
    public var node: String
    public var kind: Kind
    public var data: Data

    public init(taskIndex: Int, node: String, kind: Kind, data: Data) {
        self.taskIndex = taskIndex
        self.node = node
        self.kind = kind
        self.data = data
    }
}

/// A checkpoint with the pending writes recorded against it, sorted by task index.
public struct CheckpointRecord: Sendable, Equatable {
    public var checkpoint: Checkpoint
    public var pendingWrites: [PendingWrite]

    public init(checkpoint: Checkpoint, pendingWrites: [PendingWrite]) {
        self.checkpoint = checkpoint
        self.pendingWrites = pendingWrites
    }
}
