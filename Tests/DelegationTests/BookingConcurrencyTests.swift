import Foundation
import PerinTesting
import Scheduling
import Storage
import Testing

/// No double booking by construction: 50 guests racing for one slot get exactly one 201.
@Suite("Concurrent bookings")
struct BookingConcurrencyTests {
    /// Tuesday 2026-03-24 10:00 Berlin.
    static let slot = "2026-03-24T09:00:00Z"

    static func race(_ count: Int, book: @escaping @Sendable (Int) async throws -> DelegationHarness.Reply) async throws -> [DelegationHarness.Reply] {
        try await withThrowingTaskGroup(of: DelegationHarness.Reply.self) { group in
            for index in 0..<count { group.addTask { try await book(index) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    static func expectOneWinner(_ replies: [DelegationHarness.Reply], database: PerinDatabase, ownerID: String) async throws {
        #expect(replies.count == 50)
        #expect(replies.filter { $0.status == 201 }.count == 1)
        let losers = replies.filter { $0.status != 201 }
        #expect(losers.count == 49)
        #expect(losers.allSatisfy { $0.status == 409 && $0.errorCode == "slot_taken" })
        #expect(losers.allSatisfy { $0.body.contains("this time was just booked") })
        let live = try await BookingRepository(database: database).live(ownerID: ownerID, from: .distantPast, to: .distantFuture)
        #expect(live.count == 1)
        #expect(live.first?.startAt == ISO8601DateFormatter().date(from: slot))
    }

    @Test("50 concurrent requests for one slot → one 201, 49 × 409", arguments: TestDatabases.kinds)
    func oneWinner(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api)
            let replies = try await Self.race(50) { i in try await server.book(link.token, start: Self.slot, email: "guest\(i)@example.com") }
            try await Self.expectOneWinner(replies, database: server.database, ownerID: owner.id)
        }
    }

    @Test("different slots of one owner book in parallel without refusals", arguments: TestDatabases.kinds)
    func differentSlots(kind: DatabaseKind) async throws {
        try await DelegationHarness.withServer(kind) { server in
            let (_, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api)
            // Tuesday 09:00–17:00 Berlin = 08:00–16:00 UTC: 16 half-hour slots.
            let replies = try await Self.race(16) { i in
                let start = ISO8601DateFormatter().date(from: "2026-03-24T08:00:00Z")!.addingTimeInterval(Double(i) * 1800)
                return try await server.book(link.token, start: ISO8601DateFormatter().string(from: start), email: "g\(i)@example.com")
            }
            #expect(replies.allSatisfy { $0.status == 201 })
            #expect(Set(replies.map { ($0.json["booking"] as? [String: Any])?["reference"] as? String ?? "" }).count == 16)
        }
    }
}
