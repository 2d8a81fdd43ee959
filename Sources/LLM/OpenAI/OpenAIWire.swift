/// The JSON shapes of OpenAI's `/chat/completions`, kept internal: callers see only the
/// `ChatModel` value types.
enum OpenAIWire {
    struct Request: Encodable {
        var model: String
        var messages: [Message]
        var tools: [Tool]?
        var toolChoice: ToolChoiceValue?
        var temperature: Double?
        var maxTokens: Int?
        var stream: Bool
        var streamOptions: StreamOptions?

        enum CodingKeys: String, CodingKey {
            case model, messages, tools, temperature, stream
            case toolChoice = "tool_choice"
            case maxTokens = "max_tokens"
            case streamOptions = "stream_options"
        }
    }

    struct StreamOptions: Encodable {
        var includeUsage: Bool
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    struct Message: Codable {
        var role: String
        var content: String?
        var name: String?
        var toolCalls: [WholeToolCall]?
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content, name
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            // OpenAI wants an explicit null content on an assistant message with only tool calls.
            try container.encode(content, forKey: .content)
            try container.encodeIfPresent(name, forKey: .name)
            try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
            try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        }
    }

    struct WholeToolCall: Codable {
        var id: String
        var type: String = "function"
        var function: FunctionCall
    }

    struct FunctionCall: Codable {
        var name: String
        var arguments: String
    }

    struct Tool: Encodable {
        var type = "function"
        var function: Function
        struct Function: Encodable {
            var name: String
            var description: String
            var parameters: JSONValue
        }
    }

    enum ToolChoiceValue: Encodable {
        case mode(String)
        case function(String)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .mode(let mode):
                var container = encoder.singleValueContainer()
                try container.encode(mode)
            case .function(let name):
                let value: JSONValue = ["type": "function", "function": ["name": .string(name)]]
                try value.encode(to: encoder)
            }
        }
    }

    // MARK: Responses

    struct Completion: Decodable {
        var model: String?
        var choices: [Choice]
        var usage: UsageWire?

        struct Choice: Decodable {
            var message: Message
            var finishReason: String?
            enum CodingKeys: String, CodingKey {
                case message
                case finishReason = "finish_reason"
            }
        }
    }

    struct Chunk: Decodable {
        var model: String?
        var choices: [Choice]?
        var usage: UsageWire?
        /// Some servers report a failure inside the stream instead of with a status code.
        var error: ErrorBody.Detail?

        struct Choice: Decodable {
            var index: Int?
            var delta: Delta?
            var finishReason: String?
            enum CodingKeys: String, CodingKey {
                case index, delta
                case finishReason = "finish_reason"
            }
        }

        struct Delta: Decodable {
            var content: String?
            var toolCalls: [ToolCallFragment]?
            enum CodingKeys: String, CodingKey {
                case content
                case toolCalls = "tool_calls"
            }
        }

        struct ToolCallFragment: Decodable {
            var index: Int?
            var id: String?
            var function: FunctionFragment?
        }

        struct FunctionFragment: Decodable {
            var name: String?
            var arguments: String?
        }
    }

    struct UsageWire: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalTokens: Int?
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }

        var usage: Usage {
            Usage(promptTokens: promptTokens ?? 0, completionTokens: completionTokens ?? 0, totalTokens: totalTokens)
        }
    }

    /// `{"error":{"message":…,"type":…,"param":…,"code":…}}`
    struct ErrorBody: Decodable {
        var error: Detail
        struct Detail: Decodable {
            var message: String?
            var type: String?
            var code: String?

            enum CodingKeys: String, CodingKey { case message, type, code }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                message = try? container.decodeIfPresent(String.self, forKey: .message)
                type = try? container.decodeIfPresent(String.self, forKey: .type)
                // `code` is a string at OpenAI but a number at some compatible servers.
                if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
                    code = text
                } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
                    code = String(number)
                } else {
                    code = nil
                }
            }
        }
    }
}
