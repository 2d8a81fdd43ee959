/// One server-sent event (only the fields OpenAI-compatible servers use).
public struct ServerSentEvent: Sendable, Hashable {
    /// `event:` field; `nil` means the default "message".
    public var type: String?
    /// The `data:` lines joined by "\n".
    public var data: String
    public var id: String?

    public init(type: String? = nil, data: String, id: String? = nil) {
        self.type = type
        self.data = data
        self.id = id
    }
}

/// An incremental parser for `text/event-stream` (WHATWG HTML §9.2.6), fed raw network reads
/// of any size. Pure: no I/O, so every framing case is tested byte by byte.
///
/// Handles LF, CRLF and CR line endings (including a CRLF split across two reads), comment
/// lines, blank keep-alive events, multi-line `data:` and a line longer than one read. An
/// event is dispatched only by its blank line; bytes after the last one at end of stream are
/// an incomplete event, reported by `hasIncompleteEvent` (the spec says discard).
public struct ServerSentEventParser: Sendable {
    public struct EventTooLarge: Error, Sendable, CustomStringConvertible {
        public let limit: Int
        public var description: String { "server-sent event larger than \(limit) bytes" }
    }

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20

    /// Bytes of a line not yet ended, carried to the next read.
    private var pendingLine: [UInt8] = []
    /// The previous read ended in CR: an LF first in this read belongs to it.
    private var skipLeadingLF = false
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var eventID: String?
    /// Upper bound on one event's buffered bytes, so a hostile stream cannot grow memory.
    public let maxEventBytes: Int

    public init(maxEventBytes: Int = 4 * 1024 * 1024) {
        self.maxEventBytes = maxEventBytes
    }

    /// True when bytes of an event have arrived but not its closing blank line.
    public var hasIncompleteEvent: Bool { !pendingLine.isEmpty || hasData }

    /// Parses one network read; `emit` is called for each completed event, in order.
    public mutating func parse(
        _ bytes: UnsafeRawBufferPointer,
        emit: (ServerSentEvent) throws -> Void
    ) throws {
        var start = 0
        let count = bytes.count
        if skipLeadingLF, count > 0 {
            skipLeadingLF = false
            if bytes[0] == Self.lf { start = 1 }
        }
        var index = start
        while index < count {
            let byte = bytes[index]
            if byte != Self.lf && byte != Self.cr {
                index += 1
                continue
            }
            // A line ends at `index`.
            if pendingLine.isEmpty {
                try processLine(UnsafeRawBufferPointer(rebasing: bytes[start..<index]), emit: emit)
            } else {
                pendingLine.append(contentsOf: bytes[start..<index])
                let line = pendingLine
                pendingLine.removeAll(keepingCapacity: true)
                try line.withUnsafeBytes { try processLine($0, emit: emit) }
            }
            if byte == Self.cr {
                if index + 1 < count {
                    if bytes[index + 1] == Self.lf { index += 1 }
                } else {
                    skipLeadingLF = true
                }
            }
            index += 1
            start = index
        }
        if start < count {
            pendingLine.append(contentsOf: bytes[start..<count])
            if pendingLine.count > maxEventBytes { throw EventTooLarge(limit: maxEventBytes) }
        }
    }

    /// Convenience for tests and callers holding an array or string's bytes.
    public mutating func parse(_ bytes: some Sequence<UInt8>) throws -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        let array = Array(bytes)
        try array.withUnsafeBytes { buffer in
            try parse(buffer) { events.append($0) }
        }
        return events
    }

    private mutating func processLine(
        _ line: UnsafeRawBufferPointer,
        emit: (ServerSentEvent) throws -> Void
    ) throws {
        if line.isEmpty {
            try dispatch(emit: emit)
            return
        }
        if line[0] == Self.colon { return }  // comment, e.g. ": keep-alive" or ": OPENROUTER PROCESSING"
        let nameEnd = line.firstIndex(of: Self.colon) ?? line.count
        var valueStart = nameEnd < line.count ? nameEnd + 1 : line.count
        if valueStart < line.count, line[valueStart] == Self.space { valueStart += 1 }
        let name = UnsafeRawBufferPointer(rebasing: line[0..<nameEnd])
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<line.count])
        if Self.equals(name, "data") {
            if hasData { data.append(Self.lf) }
            data.append(contentsOf: value)
            hasData = true
            if data.count > maxEventBytes { throw EventTooLarge(limit: maxEventBytes) }
        } else if Self.equals(name, "event") {
            eventType = String(decoding: value, as: UTF8.self)
        } else if Self.equals(name, "id") {
            eventID = String(decoding: value, as: UTF8.self)
        }
        // "retry" and unknown fields are ignored, as the spec says.
    }

    private mutating func dispatch(emit: (ServerSentEvent) throws -> Void) rethrows {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
        }
        // A blank line with no data is a keep-alive: nothing to deliver.
        guard hasData else { return }
        let event = ServerSentEvent(
            type: eventType,
            data: String(decoding: data, as: UTF8.self),
            id: eventID
        )
        try emit(event)
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let other = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return bytes.elementsEqual(other)
    }
}
