import Foundation
import Testing

/// A real process is killed with SIGKILL in the middle of a step; a second process resumes
/// the thread from the SQLite file. The child is `perin-bench graph crash-child`, built with
/// the package (see Sources/perin-bench/GraphBenchmark.swift).
@Suite("crash and resume across processes")
struct CrashResumeTests {
    /// `perin-bench` next to the test bundle (same build folder).
    static var childExecutable: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        return candidates.map { $0.appendingPathComponent("perin-bench") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @Test func killedRunResumesInAnotherProcessWithoutRepeatingItsSideEffect() async throws {
        let executable = try #require(Self.childExecutable, "perin-bench must be built beside the tests (swift build)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agentgraph-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let effects = directory.appendingPathComponent("effects.log")
        let ready = directory.appendingPathComponent("ready")
        FileManager.default.createFile(atPath: effects.path, contents: Data())
        let arguments = [
            "graph", "crash-child", "--database", directory.appendingPathComponent("graph.sqlite").path,
            "--effects", effects.path, "--ready", ready.path, "--thread", "crash",
        ]

        let first = Process()
        first.executableURL = executable
        first.arguments = arguments
        first.standardOutput = FileHandle.nullDevice
        try first.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: ready.path) {
            guard first.isRunning, ContinuousClock.now < deadline else {
                Issue.record("child never reached the middle of its step")
                first.terminate()
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        #expect(first.terminationStatus == SIGKILL)
        #expect(try String(contentsOf: effects, encoding: .utf8) == "effect\n")

        let second = Process()
        let output = Pipe()
        second.executableURL = executable
        second.arguments = arguments + ["--resume"]
        second.standardOutput = output
        try second.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        let items = try JSONDecoder().decode([String].self, from: printed)
        #expect(items == ["effect", "slow", "join"])
        #expect(try String(contentsOf: effects, encoding: .utf8) == "effect\n")  // not run twice
    }
}
