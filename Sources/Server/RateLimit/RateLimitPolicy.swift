/// A named limit: at most `limit` requests per `windowSeconds` for one subject (user or IP).
public struct RateLimitPolicy: Sendable, Equatable {
    public var bucket: String
    public var limit: Int
    public var windowSeconds: Int

    public init(bucket: String, limit: Int, windowSeconds: Int = 60) {
        self.bucket = bucket
        self.limit = limit
        self.windowSeconds = windowSeconds
    }
}
