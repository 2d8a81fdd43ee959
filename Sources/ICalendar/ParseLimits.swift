/// Bounds on what the parser accepts, checked in one pass before libical sees the bytes, so
/// that hostile input (a 10 MB line, thousands of nested BEGINs, binary data) is refused with
/// a typed error instead of costing memory or stack inside C.
public struct ParseLimits: Sendable, Hashable {
    public var maxBytes: Int = 32 << 20
    /// One unfolded content line. Inline attachments are the only legitimately long lines.
    public var maxLineBytes: Int = 1 << 20
    /// VCALENDAR > VEVENT > VALARM is depth 3; VTIMEZONE > STANDARD likewise.
    public var maxDepth: Int = 8
    public var maxComponents: Int = 200_000

    public init() {}

    public static let `default` = ParseLimits()
}

/// The structural pre-check: text, sizes, and BEGIN/END nesting.
enum Prescan {
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, limits: ParseLimits) throws(ICalendarError) {
        guard bytes.count <= limits.maxBytes else {
            throw ICalendarError(.tooLarge, "input of \(bytes.count) bytes is over \(limits.maxBytes)")
        }
        guard !bytes.contains(0) else { throw ICalendarError(.notText, "input contains NUL bytes") }
        var stack: [[UInt8]] = []
        var sawRoot = false
        var components = 0
        var lineNumber = 0
        var logicalLength = 0
        var head: [UInt8] = []
        var i = 0

        func finishLine() throws(ICalendarError) {
            guard !head.isEmpty else { return }
            let upper = head.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
            let begin = Array("BEGIN:".utf8), end = Array("END:".utf8)
            if upper.starts(with: begin) {
                let name = trim(upper.dropFirst(begin.count))
                if stack.isEmpty {
                    guard !sawRoot else { throw .malformed("line \(lineNumber): content after END:VCALENDAR") }
                    guard name == Array("VCALENDAR".utf8) else { throw .malformed("not a VCALENDAR") }
                    sawRoot = true
                }
                stack.append(name)
                components += 1
                guard stack.count <= limits.maxDepth else {
                    throw ICalendarError(.nestingTooDeep, "components nested deeper than \(limits.maxDepth)")
                }
                guard components <= limits.maxComponents else {
                    throw ICalendarError(.tooLarge, "more than \(limits.maxComponents) components")
                }
            } else if upper.starts(with: end) {
                let name = trim(upper.dropFirst(end.count))
                guard let open = stack.popLast(), open == name else {
                    throw .malformed("line \(lineNumber): END:\(String(decoding: name.prefix(40), as: UTF8.self)) does not match")
                }
            } else if stack.isEmpty {
                throw .malformed(sawRoot ? "line \(lineNumber): content after END:VCALENDAR" : "not a VCALENDAR")
            }
        }

        while i < bytes.count {
            var j = i
            while j < bytes.count && bytes[j] != 10 { j += 1 }
            var lineEnd = j
            if lineEnd > i && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            lineNumber += 1
            let length = lineEnd - i
            if length > 0 && (bytes[i] == 32 || bytes[i] == 9) {
                logicalLength += length - 1 // a folded continuation
            } else {
                try finishLine()
                head = length > 0 ? Array(bytes[i..<min(lineEnd, i + 80)]) : []
                logicalLength = length
                if lineNumber == 1, head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) } // BOM
            }
            guard logicalLength <= limits.maxLineBytes else {
                throw ICalendarError(.tooLarge, "line \(lineNumber) is longer than \(limits.maxLineBytes) bytes")
            }
            i = j + 1
        }
        try finishLine()
        guard sawRoot else { throw .malformed("not a VCALENDAR") }
        if let open = stack.last {
            throw .malformed("truncated: input ends inside \(String(decoding: open.prefix(40), as: UTF8.self))")
        }
    }

    private static func trim(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var s = bytes
        while let last = s.last, last == 32 || last == 9 { s.removeLast() }
        while let first = s.first, first == 32 || first == 9 { s.removeFirst() }
        return Array(s)
    }
}
