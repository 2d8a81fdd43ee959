import Assistant
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LLM
import Logging
import NIOCore
import PerinTesting
@testable import Server
import Storage

/// A live Perin server with the assistant wired to a chosen model and an in-memory calendar.
struct ChatHarness {
    let database: PerinDatabase
    let client: any TestClientProtocol
    let calendar: InMemoryCalendar
    let runtime: AssistantRuntime

    static let promptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Prompts").standardized.path

    static func withServer<T: Sendable>(
        _ kind: DatabaseKind, model: (any ChatModel)? = nil, sources: [any ContextSource] = [],
        breakers: CircuitBreakerRegistry = CircuitBreakerRegistry(),
        _ body: @escaping @Sendable (ChatHarness) async throws -> T
    ) async throws -> T {
        try await TestDatabases.withDatabase(kind) { database in
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.host = "127.0.0.1"
            configuration.promptsDirectory = promptsDirectory
            configuration.rateLimits.chatPerMinute = 10_000
            configuration.rateLimits.apiPerMinute = 10_000
            configuration.rateLimits.memoryPerMinute = 10_000
            let calendar = InMemoryCalendar()
            var perin = PerinApplication(configuration: configuration, database: database, logger: TestDatabases.logger)
            let runtime = try AssistantRuntime.make(
                configuration: configuration, database: database, integrations: nil, environment: [:],
                model: model ?? OfflineChatModel(), calendar: calendar, extraSources: sources, breakers: breakers,
                logger: TestDatabases.logger)
            perin.assistant = runtime
            let app = Application(
                router: perin.buildRouter(),
                configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
                logger: TestDatabases.logger)
            return try await app.test(.live) { client in
                try await body(ChatHarness(database: database, client: client, calendar: calendar, runtime: runtime))
            }
        }
    }

    func makeUser(_ email: String, timezone: String = "Europe/Berlin", password: String? = nil) async throws -> (UserRecord, String) {
        var hash: String?
        if let password { hash = try await PasswordHasher.hash(password) }
        let user = try await UserRepository(database: database).create(.init(email: email, name: "Alex", passwordHash: hash, timezone: timezone))
        let token = try await APITokenRepository(database: database).issue(userID: user.id).secret
        return (user, token)
    }

    func request(_ method: HTTPRequest.Method, _ uri: String, token: String, headers: HTTPFields = [:], json: String? = nil) async throws -> TestResponse {
        var fields = headers
        fields[.authorization] = "Bearer \(token)"
        if json != nil { fields[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
    }

    /// One chat turn, the whole streamed body collected.
    func chat(_ text: String, token: String, sse: Bool = false, conversationID: String? = nil) async throws -> TestResponse {
        var body: [String: Any] = ["messages": [["role": "user", "content": text]]]
        if let conversationID { body["conversationId"] = conversationID }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        return try await request(.post, "/api/ai/chat", token: token, headers: sse ? [.accept: "text/event-stream"] : [:], json: json)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:] }

    /// The reply text of a text/plain chat response: control tokens removed.
    var replyText: String {
        var out = text
        while let open = out.range(of: "[["), let close = out.range(of: "]]", range: open.upperBound..<out.endIndex) {
            out.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return out
    }

    /// SSE events as (name, JSON object).
    var events: [(String, [String: Any])] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var name: String?
            var data: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            guard let name, let data, let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
            return (name, object)
        }
    }
}

/// The owner's clock in tests: "tomorrow at 10" in Berlin, computed the same way a person would.
enum TestClock {
    static func berlin() -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        return calendar
    }

    static func tomorrow(hour: Int, minute: Int = 0, in calendar: Calendar = berlin()) -> Date {
        let today = calendar.startOfDay(for: Date())
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: today)!
        return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: tomorrow)!
    }

    /// The next Friday strictly after today (what "Friday" means in a question), at `hour`.
    static func nextFriday(hour: Int, in calendar: Calendar = berlin()) -> Date {
        var day = calendar.startOfDay(for: Date())
        repeat { day = calendar.date(byAdding: .day, value: 1, to: day)! } while calendar.component(.weekday, from: day) != 6
        return calendar.date(bySettingHour: hour, minute: 0, second: 0, of: day)!
    }
}
