import Dispatch
import HTTPTypes
import Hummingbird
import Logging

/// Access log line and Prometheus metrics for every request.
///
/// Only the route *template* is logged and used as a label (`/talk-to-perin/{token}`, never the
/// token itself), with no query string and no bodies, so secrets cannot reach the logs.
public struct RequestObservationMiddleware: RouterMiddleware {
    public typealias Context = PerinRequestContext
    let metrics: HTTPMetrics

    public init(metrics: HTTPMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            var response = try await next(request, context)
            let status = response.status.code
            if response.body.contentLength != nil {
                // A body of known length is already complete: record now, no wrapper needed.
                record(request: request, context: context, status: status, start: start)
                return response
            }
            // Streaming bodies: record when the last byte is written, not when headers leave.
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                do {
                    try await body.write(writer)
                } catch {
                    self.record(request: request, context: context, status: status, start: start)
                    throw error
                }
                self.record(request: request, context: context, status: status, start: start)
            }
            return response
        } catch {
            record(request: request, context: context, status: APIError.from(error).status.code, start: start)
            throw error
        }
    }

    private func record(request: Request, context: Context, status: Int, start: UInt64) {
        let nanoseconds = DispatchTime.now().uptimeNanoseconds - start
        let route = context.endpointPath ?? "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: status, nanoseconds: nanoseconds)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(status),
                "duration_ms": .string(String(format: "%.3f", Double(nanoseconds) / 1_000_000)),
                "user_id": .string(context.user?.id ?? "-"),
                "request_id": .string(context.requestID),
            ]
        )
    }
}
