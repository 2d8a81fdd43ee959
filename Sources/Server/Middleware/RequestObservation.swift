import Dispatch
import HTTPTypes
import Hummingbird
import Logging

/// Access log line and Prometheus metrics for every request.
///
/// Only the route *template* is logged and used as a label (`/talk-to-perin/{token}`, never the
/// token itself), with no query string and no bodies, so secrets cannot reach the logs.
struct RequestObservation: Sendable {
    let metrics: HTTPMetrics

    /// Records `response` now when its body is complete, or when its last byte is written
    /// when it streams (so a stream's duration is the stream's, not its headers').
    func observe(_ response: Response, request: Request, context: PerinRequestContext, start: UInt64) -> Response {
        let status = response.status.code
        if response.body.contentLength != nil {
            record(request: request, context: context, status: status, start: start)
            return response
        }
        var response = response
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
    }

    private func record(request: Request, context: PerinRequestContext, status: Int, start: UInt64) {
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
