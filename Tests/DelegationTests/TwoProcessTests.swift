import AsyncHTTPClient
import NIOHTTP1
import Foundation
import NIOCore
import PerinTesting
import Storage
import Testing

/// Two real `perin serve` processes over one PostgreSQL database, as a small cluster runs:
/// nothing is shared between them but the database (and the data folder's secrets).
@Suite("two perin processes on one PostgreSQL", .serialized)
struct TwoProcessTests {
    struct Cluster {
        let a: PerinProcess
        let b: PerinProcess
        let ownerID: String
        let ownerToken: String
        let location: DatabaseLocation
    }

    static func withCluster(_ body: (Cluster) async throws -> Void) async throws {
        let handle = try await TestDatabases.makeDatabase(.postgresql)
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("perin-pair-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let limits = ["PERIN_RATE_LIMIT_PUBLIC": "100000", "PERIN_RATE_LIMIT_API": "100000"]
        let environmentA = PerinProcess.environment(for: handle.location, dataDirectory: dataDirectory, port: try PerinProcess.freePort(), extra: limits)
        let environmentB = PerinProcess.environment(for: handle.location, dataDirectory: dataDirectory, port: try PerinProcess.freePort(), extra: limits)
        do {
            let owner = try PerinProcess.createUser(email: "owner@example.com", environment: environmentA)
            let a = try await PerinProcess(serve: environmentA)
            let b = try await PerinProcess(serve: environmentB)
            #expect(a.process.processIdentifier != b.process.processIdentifier)
            try await body(Cluster(a: a, b: b, ownerID: owner.id, ownerToken: owner.token, location: handle.location))
            // SIGTERM ends open notification streams at once instead of holding shutdown.
            let stopping = ContinuousClock.now
            let (stoppedA, stoppedB) = (a.stop(), b.stop())
            #expect(stoppedA && stoppedB, "both exit 0 on SIGTERM: \(a.errors) \(b.errors)")
            #expect(ContinuousClock.now - stopping < .seconds(5))
        } catch {
            await handle.cleanup()
            throw error
        }
        await handle.cleanup()
    }

    /// A link made on A, and the first few free slot starts as B sees them (real clock).
    static func linkAndSlots(_ cluster: Cluster) async throws -> (token: String, slots: [String]) {
        let made = try await DelegationHarness.request(.POST, url: cluster.a.baseURL + "/api/delegation", token: cluster.ownerToken,
                                     json: #"{"ttlHours":72,"constraints":{"minimumNoticeMinutes":60}}"#)
        #expect(made.status == 201)
        let url = try #require(made.json["url"] as? String)
        let token = String(url.split(separator: "/").last!)
        let slots = try await DelegationHarness.request(.GET, url: cluster.b.baseURL + "/api/public/delegation/\(token)/slots?tz=Europe/Berlin")
        #expect(slots.status == 200)
        let starts = (slots.json["slots"] as? [[String: Any]])?.compactMap { $0["start"] as? String } ?? []
        #expect(starts.count >= 2, "\(slots.body)")
        return (token, starts)
    }

    static func bookingJSON(start: String, email: String) -> String {
        #"{"start":"\#(start)","durationMins":30,"name":"Gita Guest","email":"\#(email)","timezone":"Europe/Berlin"}"#
    }

    @Test("50 concurrent bookings of one slot split across two processes → one 201, 49 × 409")
    func oneWinnerAcrossProcesses() async throws {
        guard TestDatabases.kinds.contains(.postgresql) else { return }
        try await Self.withCluster { cluster in
            let (token, slots) = try await Self.linkAndSlots(cluster)
            let slot = try #require(slots.first)
            let replies = try await withThrowingTaskGroup(of: DelegationHarness.Reply.self) { group in
                for index in 0..<50 {
                    let server = index % 2 == 0 ? cluster.a : cluster.b
                    group.addTask {
                        try await DelegationHarness.request(.POST, url: server.baseURL + "/api/public/delegation/\(token)/book",
                                               json: Self.bookingJSON(start: slot, email: "guest\(index)@example.com"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 201 }.count == 1)
            let losers = replies.filter { $0.status != 201 }
            #expect(losers.count == 49)
            #expect(losers.allSatisfy { $0.status == 409 && $0.errorCode == "slot_taken" }, "\(Set(losers.map(\.body)))")

            // The database (read from the test process) holds exactly the one booking.
            try await TestDatabases.withRunning(cluster.location, migrate: false) { database in
                let live = try await BookingRepository(database: database).live(ownerID: cluster.ownerID, from: .distantPast, to: .distantFuture)
                #expect(live.count == 1)
                #expect(live.first.map { ISO8601DateFormatter().string(from: $0.startAt) } == slot)
            }
        }
    }

    @Test("a notification created through one process arrives on a stream held by the other within a second")
    func notificationAcrossProcesses() async throws {
        guard TestDatabases.kinds.contains(.postgresql) else { return }
        try await Self.withCluster { cluster in
            let (token, slots) = try await Self.linkAndSlots(cluster)
            var request = HTTPClientRequest(url: cluster.b.baseURL + "/api/notifications/stream")
            request.headers.add(name: "Authorization", value: "Bearer \(cluster.ownerToken)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
            #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
            var buffer = ""
            var bookedAt: ContinuousClock.Instant?
            var frame: String?
            for try await chunk in response.body {
                buffer += String(buffer: chunk)
                if bookedAt == nil, buffer.contains(": connected") {
                    // The booking (and so the notification) happens on A; the stream is on B.
                    bookedAt = .now
                    let booked = try await DelegationHarness.request(.POST, url: cluster.a.baseURL + "/api/public/delegation/\(token)/book",
                                                        json: Self.bookingJSON(start: slots[1], email: "gita@example.com"))
                    #expect(booked.status == 201, "\(booked.body)")
                }
                if let range = buffer.range(of: "event: notification\n"), buffer[range.lowerBound...].contains("\n\n") {
                    frame = String(buffer[range.lowerBound...])
                    break
                }
            }
            let elapsed = try #require(bookedAt.map { ContinuousClock.now - $0 })
            #expect(elapsed < .seconds(1))
            #expect(frame?.contains("New booking: Gita Guest") == true, "\(buffer)")
        }
    }
}
