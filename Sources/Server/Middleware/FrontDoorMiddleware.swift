import Dispatch
import HTTPTypes
import Hummingbird
import Logging

/// Every request's first and last stop, in one middleware: each layer of middleware is an
/// async hop and a copy of the context, and four such layers cost more than the work in them.
///
/// On the way in: the request id, the body limit, and who is calling (never a rejection: routes
/// that need a user sit behind `AuthenticatedContext`). On the way out, errors included: the
/// JSON error shape, metrics and the access log, the request id and the security headers.
public struct FrontDoorMiddleware: RouterMiddleware {
    public typealias Context = PerinRequestContext
    let authenticator: Authenticator
    let observation: RequestObservation
    let bodyLimit: Int

    public init(authenticator: Authenticator, metrics: HTTPMetrics, bodyLimit: Int = PerinLimits.maxBodyBytes) {
        self.authenticator = authenticator
        self.observation = RequestObservation(metrics: metrics)
        self.bodyLimit = bodyLimit
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var context = context
        let requestID = ResponseEnvelope.requestID(from: request)
        // Carried in the context and added to each log line's metadata where one is written:
        // setting logger metadata here would re-render the handler's metadata on every request.
        context.requestID = requestID
        var response: Response
        do {
            try BodyLimit.check(request, limit: bodyLimit)
            let credential = RequestAuthentication.credential(of: request)
            if !RequestAuthentication.identifyFromCache(credential, in: &context, with: authenticator) {
                try await RequestAuthentication.identify(credential, in: &context, with: authenticator)
            }
            response = try await next(request, context)
        } catch {
            response = ResponseEnvelope.errorResponse(error, requestID: requestID, logger: context.logger)
        }
        response = observation.observe(response, request: request, context: context, start: start)
        ResponseEnvelope.addHeaders(to: &response.headers, requestID: requestID, path: request.head.path ?? "")
        return response
    }
}
