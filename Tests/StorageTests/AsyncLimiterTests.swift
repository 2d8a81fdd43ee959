import Storage
import Synchronization
import Testing

@Suite("AsyncLimiter")
struct AsyncLimiterTests {
    /// Counts bodies running at once and the most ever seen.
    final class Occupancy: Sendable {
        private let state = Mutex((now: 0, most: 0, done: 0))
        func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { state.withLock { $0.now -= 1; $0.done += 1 } }
        var most: Int { state.withLock { $0.most } }
        var done: Int { state.withLock { $0.done } }
    }

    @Test("at most the permitted bodies run at once, and every body runs")
    func boundsConcurrency() async throws {
        let limiter = AsyncLimiter(permits: 3)
        let occupancy = Occupancy()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await limiter.withPermit {
                        occupancy.enter()
                        try await Task.sleep(for: .milliseconds(2))
                        occupancy.leave()
                        return index
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<40))
        #expect(occupancy.done == 40)
        #expect((2...3).contains(occupancy.most), "never more than 3 at once, and not one at a time: \(occupancy.most)")
    }

    @Test("a body that throws gives its permit back")
    func throwingBodyReleases() async throws {
        struct Boom: Error {}
        let limiter = AsyncLimiter(permits: 1)
        await #expect(throws: Boom.self) { try await limiter.withPermit { throw Boom() } }
        let value = try await limiter.withPermit { 7 }
        #expect(value == 7)
    }
}
