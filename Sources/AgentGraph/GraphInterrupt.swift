import Foundation

/// A node paused the run to ask something (e.g. "confirm booking?"). The payload is kept as
/// JSON so it survives in a checkpoint; `resume(thread:value:)` answers it.
public struct GraphInterrupt: Error, Sendable, Equatable {
    public let node: String
    public let step: Int
    public let payload: Data

    public init(node: String, step: Int, payload: Data) {
        self.node = node
        self.step = step
        self.payload = payload
    }

    public func decodePayload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: payload)
    }
}
