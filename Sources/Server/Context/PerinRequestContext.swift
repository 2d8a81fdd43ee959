import Hummingbird
import Logging
import NIOCore
import Storage

/// The application's request context: who is calling (when known) and from where.
///
/// Routes that need a user do not read `user` themselves: they live in a group whose context is
/// `AuthenticatedContext`, which cannot be created without one.
public struct PerinRequestContext: RequestContext, Sendable {
    public var coreContext: CoreRequestContextStorage
    /// Set by `FrontDoorMiddleware` from a Bearer token or a session cookie.
    public var user: UserRecord?
    /// Why authentication failed, when credentials were presented but rejected.
    public var authenticationFailure: String?
    /// The peer, whose IP address is only formatted when a route asks for it.
    let client: ClientAddress
    /// Echoed as `X-Request-Id` and attached to every log line of the request.
    public var requestID: String

    /// The peer's IP address (used for per-IP rate limits and the audit log).
    public var clientIP: String { client.ip }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.client = ClientAddress(socket: source.channel.remoteAddress)
        self.requestID = ""
    }

    /// Test and in-process use (no socket).
    public init(coreContext: CoreRequestContextStorage, clientIP: String) {
        self.coreContext = coreContext
        self.client = ClientAddress(fixed: clientIP)
        self.requestID = ""
    }

    /// Bodies are capped at 1 MiB for every route (chunked uploads included).
    public var maxUploadSize: Int { PerinLimits.maxBodyBytes }
}

public enum PerinLimits {
    public static let maxBodyBytes = 1024 * 1024
}

/// A request's peer address. Formatting an IP address costs more than the rest of a cached
/// authenticated request's bookkeeping, and routes keyed by user never need it, so it is
/// formatted on use.
struct ClientAddress: Sendable {
    private let socket: SocketAddress?
    private let fixed: String?

    init(socket: SocketAddress?) {
        self.socket = socket
        self.fixed = nil
    }

    init(fixed: String) {
        self.socket = nil
        self.fixed = fixed
    }

    var ip: String { fixed ?? socket?.ipAddress ?? "unknown" }
}
