import Hummingbird
import Storage

/// The context of every route behind authentication: it always carries a user, because it
/// cannot be created without one (a missing or rejected credential becomes a 401 here).
public struct AuthenticatedContext: ChildRequestContext, Sendable {
    public var coreContext: CoreRequestContextStorage
    public let user: UserRecord
    let client: ClientAddress
    public let requestID: String

    public var clientIP: String { client.ip }

    public init(context: PerinRequestContext) throws {
        guard let user = context.user else {
            throw APIError.unauthorized(context.authenticationFailure ?? "authentication required")
        }
        self.coreContext = context.coreContext
        self.user = user
        self.client = context.client
        self.requestID = context.requestID
    }

    public var maxUploadSize: Int { PerinLimits.maxBodyBytes }
}
