import Foundation
import Synchronization

/// Runs the context loaders of the requested integrations in parallel, each under its own
/// deadline. A loader that fails or is late yields a `degraded` context (or `needsReauth`),
/// never an error: a chat turn is not lost to a slow mailbox.
public struct ContextLoaderSet: Sendable {
    public let registry: ManifestRegistry
    let loaders: [String: any IntegrationContextLoader]

    public init(registry: ManifestRegistry, loaders: [any IntegrationContextLoader]) {
        self.registry = registry
        self.loaders = Dictionary(loaders.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One context per distinct loader among `types` (e.g. `google-calendar` and
    /// `local-calendar` share the calendar loader), in the order of `types`.
    public func loadContexts(userID: String, types: [String], timeout: Duration = .seconds(3)) async -> [IntegrationContext] {
        var jobs: [(type: String, loader: any IntegrationContextLoader)] = []
        var seen: Set<String> = []
        for type in types {
            guard let id = registry.manifest(type)?.contextLoader, let loader = loaders[id], seen.insert(id).inserted else { continue }
            jobs.append((type, loader))
        }
        return await withTaskGroup(of: (Int, IntegrationContext).self) { group in
            for (index, job) in jobs.enumerated() {
                group.addTask {
                    (index, await Self.run(job.loader, type: job.type, userID: userID, timeout: timeout))
                }
            }
            var results: [(Int, IntegrationContext)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func run(_ loader: any IntegrationContextLoader, type: String, userID: String, timeout: Duration) async -> IntegrationContext {
        do {
            let text = try await Deadline.run(timeout) { try await loader.load(userID: userID) }
            return IntegrationContext(type: type, text: text, status: .ok)
        } catch let error as IntegrationError where error.code == .needsReauth {
            return IntegrationContext(type: type, text: "(\(type) must be reconnected by the owner)", status: .needsReauth)
        } catch let error as CalendarError where error.code == .needsReauth {
            return IntegrationContext(type: type, text: "(\(type) must be reconnected by the owner)", status: .needsReauth)
        } catch is Deadline.Expired {
            return IntegrationContext(type: type, text: "(\(type) did not answer in time; this reply is without it)", status: .degraded)
        } catch {
            return IntegrationContext(type: type, text: "(\(type) is unavailable right now; this reply is without it)", status: .degraded)
        }
    }
}

/// Returns at the deadline even when the work ignores cancellation (it is cancelled and left
/// to finish on its own).
enum Deadline {
    struct Expired: Error {}

    static func run<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = Once<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                once.set(continuation)
                let task = Task { _ = once.resume(with: await Result(asyncCatching: work)) }
                once.setTask(task)
                Task {
                    try? await Task.sleep(for: timeout)
                    if once.resume(with: .failure(Expired())) { task.cancel() }
                }
            }
        } onCancel: {
            once.cancel()
        }
    }

    /// Resumes the continuation exactly once, whoever comes first.
    final class Once<T: Sendable>: Sendable {
        struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var task: Task<Void, Never>?
            var done = false
            var pending: Result<T, any Error>?
        }
        let state = Mutex(State())

        func set(_ continuation: CheckedContinuation<T, any Error>) {
            let pending: Result<T, any Error>? = state.withLock { state in
                if let pending = state.pending { state.pending = nil; return pending }
                state.continuation = continuation
                return nil
            }
            if let pending { continuation.resume(with: pending) }
        }

        func setTask(_ task: Task<Void, Never>) {
            state.withLock { $0.task = task }
        }

        @discardableResult
        func resume(with result: Result<T, any Error>) -> Bool {
            let continuation: CheckedContinuation<T, any Error>?? = state.withLock { state in
                guard !state.done else { return .none }
                state.done = true
                if let continuation = state.continuation { state.continuation = nil; return .some(continuation) }
                state.pending = result
                return .some(nil)
            }
            guard case .some(let waiting) = continuation else { return false }
            waiting?.resume(with: result)
            return true
        }

        func cancel() {
            let task = state.withLock { $0.task }
            if resume(with: .failure(CancellationError())) { task?.cancel() }
        }
    }
}

extension Result where Failure == any Error {
    init(asyncCatching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
