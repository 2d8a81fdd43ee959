import Testing
@testable import LLM

@Suite struct ServerSentEventParserTests {
    /// Feeds `text` in reads of `size` bytes and returns every event.
    private func events(_ text: String, readSize size: Int = .max) throws -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        let bytes = Array(text.utf8)
        var events: [ServerSentEvent] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            events += try parser.parse(bytes[start..<end])
            start = end
        }
        return events
    }

    @Test func lfFraming() throws {
        #expect(try events("data: a\n\ndata: b\n\n").map(\.data) == ["a", "b"])
    }

    @Test func crlfFraming() throws {
        #expect(try events("data: a\r\n\r\ndata: b\r\n\r\n").map(\.data) == ["a", "b"])
    }

    @Test func crOnlyFraming() throws {
        #expect(try events("data: a\r\rdata: b\r\r").map(\.data) == ["a", "b"])
    }

    @Test func crlfSplitBetweenReadsIsOneLineEnd() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.parse(Array("data: a\r".utf8)).isEmpty)
        // The LF completes the CR; the next CRLF is the blank line that dispatches.
        #expect(try parser.parse(Array("\n\r\n".utf8)).map(\.data) == ["a"])
    }

    @Test func commentsAndKeepAlivesProduceNothing() throws {
        let text = ": keep-alive\n\n\n\n: OPENROUTER PROCESSING\n\ndata: x\n\n"
        #expect(try events(text).map(\.data) == ["x"])
    }

    @Test func multiLineDataIsJoinedWithNewline() throws {
        #expect(try events("data: first\ndata: second\ndata:third\n\n").map(\.data) == ["first\nsecond\nthird"])
    }

    @Test func eventTypeAndIDAreKept() throws {
        let event = try #require(try events("event: error\nid: 7\ndata: {}\n\n").first)
        #expect(event == ServerSentEvent(type: "error", data: "{}", id: "7"))
    }

    @Test func fieldWithoutSpaceAndUnknownFields() throws {
        #expect(try events("retry: 100\nfoo: bar\ndata:x\n\n").map(\.data) == ["x"])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func oneBytePerReadGivesTheSameEvents(lineEnd: String) throws {
        let json = #"{"choices":[{"delta":{"content":"héllo ✓"}}]}"#
        let text = [": ping", "", "data: " + json, "", "data: line1", "data: line2", "", "data: [DONE]", "", ""]
            .joined(separator: lineEnd)
        let whole = try events(text)
        let bytewise = try events(text, readSize: 1)
        #expect(whole.map(\.data) == [json, "line1\nline2", "[DONE]"])
        #expect(bytewise == whole)
    }

    @Test func incompleteEventAtEndIsReportedNotDispatched() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.parse(Array("data: partial".utf8)).isEmpty)
        #expect(parser.hasIncompleteEvent)
        var finished = ServerSentEventParser()
        _ = try finished.parse(Array("data: x\n\n".utf8))
        #expect(!finished.hasIncompleteEvent)
    }

    @Test func oversizedEventIsRefused() throws {
        var parser = ServerSentEventParser(maxEventBytes: 16)
        #expect(throws: ServerSentEventParser.EventTooLarge.self) {
            _ = try parser.parse(Array("data: 0123456789abcdefghij".utf8))
        }
    }
}
