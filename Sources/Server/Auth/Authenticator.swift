import Crypto
import Foundation
import Storage
import Synchronization

/// Finds the user behind an API token or a session cookie.
///
/// Successful token look-ups are cached for a few seconds (keyed by the token's SHA-256, never
/// the token) so the hot path of an authenticated request does not touch the database. A
/// revocation made through this process clears the cache at once; one made by another process
/// sharing the database takes effect within `cacheLifetime`.
public final class Authenticator: Sendable {
    public static let sessionCookieName = "perin_session"

    let tokens: APITokenRepository
    let sessions: WebSessionRepository
    let cacheLifetime: Duration
    private let cache = Mutex<[TokenKey: CachedUser]>([:])
    private static let cacheCapacity = 10_000

    private struct CachedUser {
        let user: UserRecord
        let expires: ContinuousClock.Instant
    }

    public init(database: PerinDatabase, cacheLifetime: Duration = .seconds(5)) {
        self.tokens = APITokenRepository(database: database)
        self.sessions = WebSessionRepository(database: database)
        self.cacheLifetime = cacheLifetime
    }

    public func user(forAPIToken token: String) async throws -> UserRecord? {
        if let user = cachedUser(forAPIToken: token) { return user }
        let key = Self.digest(token)
        let now = ContinuousClock.now
        guard let user = try await tokens.user(forSecret: token) else {
            cache.withLock { _ = $0.removeValue(forKey: key) }
            return nil
        }
        cache.withLock { cache in
            if cache.count >= Self.cacheCapacity {
                cache = cache.filter { $0.value.expires > now }
                if cache.count >= Self.cacheCapacity { cache.removeAll() }
            }
            cache[key] = CachedUser(user: user, expires: now.advanced(by: cacheLifetime))
        }
        return user
    }

    public func user(forSession secret: String) async throws -> UserRecord? {
        try await sessions.user(forSecret: secret)
    }

    /// The user of a token looked up within `cacheLifetime`, without suspending: the hot path
    /// of an authenticated request stays synchronous.
    func cachedUser(forAPIToken token: String) -> UserRecord? {
        let key = Self.digest(token)
        guard let hit = cache.withLock({ $0[key] }), hit.expires > ContinuousClock.now else { return nil }
        return hit.user
    }

    /// The cache key: the token's SHA-256 as four words (no hex string per request).
    struct TokenKey: Hashable, Sendable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }
        func hash(into hasher: inout Hasher) { hasher.combine(words.0) }  // already uniform
    }

    static func digest(_ token: String) -> TokenKey {
        var token = token
        let digest = token.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return digest.withUnsafeBytes { raw in
            TokenKey(words: (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        }
    }

    /// Drops every cached token of `userID` (after a revocation or a profile change).
    public func invalidate(userID: String) {
        cache.withLock { cache in
            cache = cache.filter { $0.value.user.id != userID }
        }
    }
}
