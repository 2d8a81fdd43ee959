/// Makes runs on one thread take turns. The graph always takes the in-process
/// `LocalThreadLock`; a `ThreadLock` given to `compile` is taken inside it, e.g. a PostgreSQL
/// advisory lock so that several server processes never interleave on one thread.
public protocol ThreadLock: Sendable {
    func withLock<Result: Sendable>(
        thread: String, _ body: () async throws -> Result
    ) async throws -> Result
}
