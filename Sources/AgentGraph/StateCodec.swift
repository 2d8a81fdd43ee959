import Foundation

/// Codes state and updates for checkpoints, as JSON objects keyed by state key name. Only
/// runs with a checkpointer pay for it.
struct StateCodec: Sendable {
    let channels: [String: Channel]

    func encode(_ state: GraphState) throws -> Data {
        try encode(values: state.values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    func decodeState(_ data: Data) throws -> GraphState {
        var state = GraphState()
        for (name, value) in try decodeValues(data) { state.values[name] = value }
        return state
    }

    func encode(_ update: Update) throws -> Data {
        try encode(values: update.writes.map { ($0.name, $0.value) })
    }

    func decodeUpdate(_ data: Data) throws -> Update {
        var update = Update()
        for (name, value) in try decodeValues(data) {
            update.writes.append(Update.Write(name: name, value: value))
        }
        return update
    }

    private func encode(values: [(String, any Sendable)]) throws -> Data {
        try JSONEncoder().encode(EncodedValues(values: values, channels: channels))
    }

    private func decodeValues(_ data: Data) throws -> [(String, any Sendable)] {
        let decoder = JSONDecoder()
        decoder.userInfo[DecodedValues.channelsKey] = channels
        do {
            return try decoder.decode(DecodedValues.self, from: data).values
        } catch {
            throw GraphError(.checkpointCorrupt, "cannot decode checkpoint state", underlying: error)
        }
    }
}

private struct EncodedValues: Encodable {
    let values: [(String, any Sendable)]
    let channels: [String: Channel]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingName.self)
        for (name, value) in values {
            guard let channel = channels[name] else {
                throw GraphError(.unknownChannel, "state key '\(name)' is not declared")
            }
            try channel.encode(value, &container)
        }
    }
}

private struct DecodedValues: Decodable {
    static let channelsKey = CodingUserInfoKey(rawValue: "agentgraph.channels")!
    let values: [(String, any Sendable)]

    init(from decoder: any Decoder) throws {
        let channels = decoder.userInfo[Self.channelsKey] as? [String: Channel] ?? [:]
        let container = try decoder.container(keyedBy: CodingName.self)
        var values: [(String, any Sendable)] = []
        // Keys the graph no longer declares are dropped: old checkpoints stay readable.
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            guard let channel = channels[key.stringValue], let value = try channel.decode(container)
            else { continue }
            values.append((key.stringValue, value))
        }
        self.values = values
    }
}
