import Foundation
@testable import Server
import Storage
import Testing

@Suite("Profile JSON")
struct ProfileJSONTests {
    @Test("the hand-written /api/me body decodes to the same profile as JSONEncoder's")
    func sameAsEncoder() throws {
        let user = UserRecord(
            id: "u1", email: "q\"uote\\back@example.com", name: "Zoë \n\t\u{01} ✓", passwordHash: "secret-hash",
            timezone: "Asia/Kolkata", perinName: "Ari", tone: "warm", createdAt: Date(timeIntervalSince1970: 1_790_000_000)
        )
        let body = Data(ProfileController.profileJSON(user))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(ProfileController.Profile.self, from: body)
        let expected = ProfileController.Profile(user)
        #expect(decoded.id == expected.id && decoded.email == expected.email && decoded.name == expected.name)
        #expect(decoded.timezone == expected.timezone && decoded.perinName == expected.perinName && decoded.tone == expected.tone)
        #expect(decoded.createdAt == expected.createdAt)
        #expect(!String(decoding: body, as: UTF8.self).contains("secret-hash"))
    }
}
