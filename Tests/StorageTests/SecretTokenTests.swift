import Storage
import Testing

@Suite("SecretToken")
struct SecretTokenTests {
    @Test func hashIsSHA256Hex() {
        // SHA-256("abc") from FIPS 180-2.
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func generatedTokensAreDistinctAndURLSafe() {
        let tokens = (0..<100).map { _ in SecretToken.generate(prefix: "p_") }
        #expect(Set(tokens).count == 100)
        #expect(tokens.allSatisfy { $0.count == 45 && !$0.contains("+") && !$0.contains("/") && !$0.contains("=") })
    }

    @Test func constantTimeEquals() {
        #expect(SecretToken.constantTimeEquals("abc", "abc"))
        #expect(!SecretToken.constantTimeEquals("abc", "abd"))
        #expect(!SecretToken.constantTimeEquals("abc", "abcd"))
        #expect(!SecretToken.constantTimeEquals("", "a"))
        #expect(SecretToken.constantTimeEquals("", ""))
    }
}
