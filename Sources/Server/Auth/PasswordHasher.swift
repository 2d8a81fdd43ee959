import HummingbirdBcrypt
import NIOPosix

/// Bcrypt, run on NIO's blocking thread pool: a verification costs ~100 ms of CPU and must not
/// stall the cooperative threads that serve other requests.
public enum PasswordHasher {
    public static let cost: UInt8 = 12
    /// Verified against when the email is unknown, so timing does not reveal which emails exist.
    private static let decoyHash = Bcrypt.hash("perin-decoy-password", cost: cost)

    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return hash != nil && matches
    }
}
