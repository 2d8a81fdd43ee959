import Testing
import LLM

@Suite struct ToolCallAssemblerTests {
    @Test func fragmentsByIndexInterleaved() {
        var assembler = ToolCallAssembler()
        assembler.add(index: 0, id: "a", name: "create_event", argumentsFragment: "")
        assembler.add(index: 1, id: "b", name: "find_slots", argumentsFragment: "{\"d\":")
        assembler.add(index: 0, id: nil, name: nil, argumentsFragment: "{\"title\":")
        assembler.add(index: 1, id: nil, name: nil, argumentsFragment: "30}")
        assembler.add(index: 0, id: nil, name: nil, argumentsFragment: "\"Lunch\"}")
        #expect(assembler.calls() == [
            ToolCall(id: "a", name: "create_event", arguments: #"{"title":"Lunch"}"#),
            ToolCall(id: "b", name: "find_slots", arguments: #"{"d":30}"#),
        ])
    }

    @Test func reusedIndexZeroIsSplitByID() {
        var assembler = ToolCallAssembler()
        assembler.add(index: 0, id: "a", name: "one", argumentsFragment: "{}")
        assembler.add(index: 0, id: "b", name: "two", argumentsFragment: "{\"x\"")
        assembler.add(index: 0, id: nil, name: nil, argumentsFragment: ":1}")
        #expect(assembler.calls() == [
            ToolCall(id: "a", name: "one", arguments: "{}"),
            ToolCall(id: "b", name: "two", arguments: #"{"x":1}"#),
        ])
    }

    @Test func wholeCallInOneDeltaAndRepeatedName() {
        var assembler = ToolCallAssembler()
        assembler.add(index: 0, id: "a", name: "remember", argumentsFragment: #"{"fact":"tea"}"#)
        assembler.add(index: 0, id: "a", name: "remember", argumentsFragment: "")
        #expect(assembler.calls() == [ToolCall(id: "a", name: "remember", arguments: #"{"fact":"tea"}"#)])
    }

    @Test func missingIDGetsAStableOne() throws {
        var assembler = ToolCallAssembler()
        assembler.add(index: 0, id: nil, name: "noop", argumentsFragment: "")
        let call = try #require(assembler.calls().first)
        #expect(call.id == "call_0")
        #expect(try call.decodedArguments() == .object([:]))
    }
}
