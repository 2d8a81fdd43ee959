import Dispatch
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small closed-loop HTTP/1.1 load generator: `connections` keep-alive connections, each
/// sending the next request as soon as the previous response ends, for `duration`.
///
/// It is deliberately lighter than a general HTTP client, so that on a 2-core machine most CPU
/// goes to the server being measured; every target is measured with the same generator.
struct HTTPLoadGenerator {
    let host: String
    let port: Int
    let path: String
    let headers: [(String, String)]
    let connections: Int
    let duration: Duration

    struct Result {
        let requests: Int
        let errors: Int
        let seconds: Double
        /// Sorted latencies in milliseconds.
        let latencies: [Double]

        var requestsPerSecond: Double { Double(requests) / seconds }
    }

    func run(group: any EventLoopGroup) async throws -> Result {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Connection", value: "keep-alive")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let requestHead = head
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(duration.components.seconds) * 1_000_000_000
            + UInt64(duration.components.attoseconds / 1_000_000_000)

        var futures: [EventLoopFuture<ConnectionStats>] = []
        for _ in 0..<connections {
            let promise = group.next().makePromise(of: ConnectionStats.self)
            let channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.pipeline.addHTTPClientHandlers().flatMap {
                        channel.pipeline.addHandler(LoadConnectionHandler(head: requestHead, deadline: deadline, done: promise))
                    }
                }
                .connect(host: host, port: port).get()
            _ = channel
            futures.append(promise.futureResult)
        }
        var latencies: [Double] = []
        var requests = 0
        var errors = 0
        for future in futures {
            let stats = try await future.get()
            requests += stats.requests
            errors += stats.errors
            latencies.append(contentsOf: stats.latenciesNanoseconds.map { Double($0) / 1_000_000 })
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000_000
        return Result(requests: requests, errors: errors, seconds: seconds, latencies: latencies.sorted())
    }
}

struct ConnectionStats: Sendable {
    var requests = 0
    var errors = 0
    var latenciesNanoseconds: [UInt64] = []
}

/// One connection's loop. Runs on its channel's event loop only, so its state needs no lock.
final class LoadConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let head: HTTPRequestHead
    let deadline: UInt64
    let done: EventLoopPromise<ConnectionStats>
    var stats = ConnectionStats()
    var sentAt: UInt64 = 0
    var status: UInt = 0
    var finished = false

    init(head: HTTPRequestHead, deadline: UInt64, done: EventLoopPromise<ConnectionStats>) {
        self.head = head
        self.deadline = deadline
        self.done = done
        stats.latenciesNanoseconds.reserveCapacity(200_000)
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let response):
            status = response.status.code
        case .body:
            break
        case .end:
            let now = DispatchTime.now().uptimeNanoseconds
            if (200..<300).contains(status) {
                stats.requests += 1
                stats.latenciesNanoseconds.append(now - sentAt)
            } else {
                stats.errors += 1
            }
            if now < deadline {
                send(context: context)
            } else {
                finish()
                context.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        stats.errors += 1
        finish()
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        done.succeed(stats)
    }

    private func send(context: ChannelHandlerContext) {
        sentAt = DispatchTime.now().uptimeNanoseconds
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
