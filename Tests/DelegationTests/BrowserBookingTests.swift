import Foundation
import PerinTesting
import Storage
import Testing

/// A real browser (headless Chromium through `scripts/headless-browser.py`) opens a link,
/// picks a slot, books it with the plain form, and sees the confirmation.
@Suite("Delegation page in a browser")
struct BrowserBookingTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var chromiumInstalled: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the steps; returns each step's value.
    static func browse(_ steps: [[String: Any]]) throws -> [Any?] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("perin-steps-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: steps).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository.appendingPathComponent("scripts/headless-browser.py").path, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) as? [String: Any]
        }
        if let failure = lines.first(where: { $0["error"] != nil }) { throw HarnessError("browser: \(failure["error"]!)") }
        guard process.terminationStatus == 0 else { throw HarnessError("browser exited \(process.terminationStatus)") }
        return lines.map { $0["value"] is NSNull ? nil : $0["value"] }
    }

    @Test("open the link, pick a slot, book, see the confirmation")
    func bookInBrowser() async throws {
        guard Self.chromiumInstalled else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("chromium is not installed") }
            return
        }
        // The page computes slots from the real clock, so book well ahead of now.
        try await DelegationHarness.withServer(.sqlite, clock: TestClock(Date())) { server in
            let (owner, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":60,"workingHours":{"1":["09:00-17:00"],"2":["09:00-17:00"],"3":["09:00-17:00"],"4":["09:00-17:00"],"5":["09:00-17:00"],"6":["09:00-17:00"],"7":["09:00-17:00"]}}"#)
            let page = "\(server.baseURL)/talk-to-perin/\(link.token)"
            let values = try Self.browse([
                // Without ?tz= the script moves the page to the browser's zone: JS runs under the CSP.
                ["navigate": page],
                ["wait": "location.search.indexOf('tz=') >= 0 && document.readyState === 'complete'", "timeout": 10],
                ["expect": "document.getElementById('chat').hidden", "equals": false],
                ["expect": "document.querySelectorAll('input[name=start]').length > 1", "equals": true],
                ["eval": """
                    (function () {
                      var slot = document.querySelectorAll('input[name=start]')[1];
                      slot.click();
                      document.querySelector('input[name=name]').value = 'Browser Guest';
                      document.querySelector('input[name=email]').value = 'browser@example.com';
                      return slot.value;
                    })()
                    """],
                ["submit": "#booking-form"],
                ["expect": "document.querySelector('h1').textContent", "equals": "You're booked"],
                ["eval": "document.getElementById('reference').textContent"],
                ["eval": "document.querySelector('time').getAttribute('datetime')"],
            ])
            let chosen = try #require(values[4] as? String)
            let reference = try #require(values[7] as? String)
            #expect(values[8] as? String == chosen)
            let bookings = try await BookingRepository(database: server.database).list(ownerID: owner.id)
            #expect(bookings.count == 1)
            #expect(bookings.first?.reference == reference)
            #expect(bookings.first.map { ISO8601DateFormatter().string(from: $0.startAt) } == chosen)
            #expect(bookings.first?.guestEmail == "browser@example.com")
        }
    }

    @Test("the page's chat streams the agent's answer where JavaScript runs")
    func chatInBrowser() async throws {
        guard Self.chromiumInstalled else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("chromium is not installed") }
            return
        }
        try await DelegationHarness.withServer(.sqlite, clock: TestClock(Date()), assistant: true) { server in
            let (_, api) = try await server.makeOwner("owner@example.com")
            let link = try await server.makeLink(api, constraints: #"{"minimumNoticeMinutes":60,"workingHours":{"1":["09:00-17:00"],"2":["09:00-17:00"],"3":["09:00-17:00"],"4":["09:00-17:00"],"5":["09:00-17:00"],"6":["09:00-17:00"],"7":["09:00-17:00"]}}"#)
            let values = try Self.browse([
                ["navigate": "\(server.baseURL)/talk-to-perin/\(link.token)?tz=Europe/Berlin"],
                ["wait": "document.readyState === 'complete' && !document.getElementById('chat').hidden", "timeout": 10],
                ["eval": """
                    (function () {
                      document.getElementById('chat-input').value = 'What times are free tomorrow?';
                      document.querySelector('#chat-form button').click();
                      return true;
                    })()
                    """],
                ["wait": "(document.querySelector('#chat-log p.agent') || {}).textContent", "timeout": 20],
                // The page marks the reply when its stream has ended; then read what the visitor sees.
                ["wait": "document.querySelector('#chat-log p.agent').dataset.done === 'true'", "timeout": 20],
                ["eval": "document.querySelector('#chat-log p.me').textContent"],
                ["eval": "document.querySelector('#chat-log p.agent').textContent"],
            ])
            #expect(values[5] as? String == "What times are free tomorrow?")
            let answer = try #require(values[6] as? String)
            #expect(answer.count > 20, "\(answer)")
            #expect(!answer.contains("[[PERIN_"), "control tokens are not shown to the visitor")
            #expect(answer.range(of: #"\d{1,2}:\d{2}"#, options: .regularExpression) != nil, "the answer offers times: \(answer)")
        }
    }
}
