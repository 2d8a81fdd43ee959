import Foundation
import Integrations
import PerinTesting
import Storage
import Testing

@Suite("Local calendar API, .ics import/export, feeds")
struct LocalCalendarAPITests {
    static let ics = """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    PRODID:-//Test//EN\r
    BEGIN:VEVENT\r
    UID:standup-1@example.com\r
    DTSTAMP:20300101T000000Z\r
    DTSTART;TZID=Europe/Berlin:20300107T093000\r
    DTEND;TZID=Europe/Berlin:20300107T100000\r
    SUMMARY:Team standup\r
    LOCATION:Room 4\r
    ATTENDEE;CN=Dana;PARTSTAT=ACCEPTED:mailto:dana@example.com\r
    END:VEVENT\r
    END:VCALENDAR\r

    """

    @Test("CRUD with idempotency keys, per-user isolation, bad input refused", arguments: TestDatabases.kinds)
    func crud(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (_, alice) = try await server.makeUser("alice@example.com")
            let (_, bob) = try await server.makeUser("bob@example.com")
            let body = #"{"title":"Sentinel-4711 review","start":"2030-01-07T09:00:00Z","end":"2030-01-07T09:30:00Z","timeZone":"Europe/Berlin"}"#
            let created = try await server.request(.post, "/api/calendar/events", token: alice, headers: [.init("Idempotency-Key")!: "k1"], json: body)
            #expect(created.status == .created)
            let id = created.json["id"] as? String ?? ""
            let again = try await server.request(.post, "/api/calendar/events", token: alice, headers: [.init("Idempotency-Key")!: "k1"], json: body)
            #expect(again.json["id"] as? String == id)

            let list = try await server.request(.get, "/api/calendar/events?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z", token: alice)
            #expect((list.json["events"] as? [Any])?.count == 1)
            #expect(list.json["source"] as? String == "local")

            let bobList = try await server.request(.get, "/api/calendar/events?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z", token: bob)
            #expect((bobList.json["events"] as? [Any])?.count == 0)
            #expect(!bobList.text.contains("Sentinel"))
            #expect(try await server.request(.patch, "/api/calendar/events/\(id)", token: bob, json: #"{"title":"x"}"#).status == .notFound)
            #expect(try await server.request(.delete, "/api/calendar/events/\(id)", token: bob).status == .notFound)

            let patched = try await server.request(.patch, "/api/calendar/events/\(id)", token: alice, json: #"{"title":"Moved","start":"2030-01-07T10:00:00Z","end":"2030-01-07T10:30:00Z"}"#)
            #expect(patched.status == .ok)
            #expect(patched.json["sequence"] as? Int == 1)

            let backwards = try await server.request(.post, "/api/calendar/events", token: alice, json: #"{"title":"x","start":"2030-01-07T10:00:00Z","end":"2030-01-07T09:00:00Z"}"#)
            #expect(backwards.status == .badRequest)
            let badZone = try await server.request(.post, "/api/calendar/events", token: alice, json: #"{"title":"x","start":"2030-01-07T09:00:00Z","end":"2030-01-07T10:00:00Z","timeZone":"Mars/Base"}"#)
            #expect(badZone.status == .badRequest)
            let broken = try await server.request(.post, "/api/calendar/events", token: alice, json: "{not json")
            #expect(broken.status == .badRequest)
            let after = try await server.request(.get, "/api/calendar/events?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z", token: alice)
            #expect((after.json["events"] as? [Any])?.count == 1)

            #expect(try await server.request(.delete, "/api/calendar/events/\(id)", token: alice).status == .ok)
        }
    }

    @Test(".ics import then secret export URL round trip", arguments: TestDatabases.kinds)
    func importExport(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (_, alice) = try await server.makeUser("alice@example.com")
            let wrongType = try await server.request(.post, "/api/calendar/import", token: alice, json: "{}")
            #expect(wrongType.status == .unsupportedMediaType)
            let garbage = try await server.request(.post, "/api/calendar/import", token: alice, headers: [.contentType: "text/calendar"], body: "BEGIN:VCALENDAR\r\nnope")
            #expect(garbage.status == .badRequest)

            let imported = try await server.request(.post, "/api/calendar/import", token: alice, headers: [.contentType: "text/calendar"], body: Self.ics)
            #expect(imported.status == .created)
            #expect(imported.json["imported"] as? Int == 1)

            let exportURL = try await server.request(.post, "/api/calendar/export", token: alice)
            let url = exportURL.json["url"] as? String ?? ""
            #expect(url.hasPrefix(IntegrationsHarness.publicURL + "/api/calendar/export/"))
            let path = String(url.dropFirst(IntegrationsHarness.publicURL.count))
            let exported = try await server.request(.get, path)
            #expect(exported.status == .ok)
            #expect(exported.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(exported.text.contains("UID:standup-1@example.com"))

            // The export parses back to the same instant, title and attendee.
            let (_, bob) = try await server.makeUser("bob@example.com")
            let reimport = try await server.request(.post, "/api/calendar/import", token: bob, headers: [.contentType: "text/calendar"], body: exported.text)
            #expect(reimport.json["imported"] as? Int == 1)
            let events = try await server.request(.get, "/api/calendar/events?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z", token: bob)
            let event = (events.json["events"] as? [[String: Any]])?.first ?? [:]
            #expect(event["title"] as? String == "Team standup")
            #expect(event["start"] as? String == "2030-01-07T08:30:00Z")
            #expect(event["timeZone"] as? String == "Europe/Berlin")
            #expect((event["attendees"] as? [[String: Any]])?.first?["email"] as? String == "dana@example.com")

            #expect(try await server.request(.get, "/api/calendar/export/not-a-token.ics").status == .notFound)
        }
    }

    @Test("a subscribed feed's events appear as busy time", arguments: TestDatabases.kinds)
    func feedBusy(kind: DatabaseKind) async throws {
        try await IntegrationsHarness.withServer(kind) { server in
            let (alice, token) = try await server.makeUser("alice@example.com")
            let start = Date().addingTimeInterval(2 * 86_400)
            let stamp = { (d: Date) -> String in
                let f = DateFormatter(); f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = .gmt; f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
                return f.string(from: d)
            }
            let feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:f1\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:\(stamp(start))\r\nDTEND:\(stamp(start.addingTimeInterval(3600)))\r\nSUMMARY:Private thing\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            let url = server.google.serveFile("team.ics", text: feed)
            let subscribed = try await server.request(.post, "/api/calendar/feeds", token: token, json: #"{"url":"\#(url)","name":"Team"}"#)
            #expect(subscribed.status == .created)
            #expect(subscribed.json["fetched"] as? Bool == true)
            let busy = try await server.hub.calendar.busyIntervals(userID: alice.id, from: Date(), to: Date().addingTimeInterval(7 * 86_400))
            #expect(busy.contains { $0.source == .ics && abs($0.start.timeIntervalSince(start)) < 1 })
            let api = try await server.request(.get, "/api/calendar/busy", token: token)
            #expect((api.json["busy"] as? [Any])?.count == 1)
            #expect(!api.text.contains("Private thing"))
            let bad = try await server.request(.post, "/api/calendar/feeds", token: token, json: #"{"url":"file:///etc/passwd"}"#)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("a slow or failing loader degrades within its timeout")
    func contextTimeout() async throws {
        try await IntegrationsHarness.withServer(.sqlite) { server in
            let (owner, token) = try await server.makeUser("owner@example.com")
            #expect(try await server.connect("gmail", token: token).status == .found)
            server.google.enqueueFault(.slow(.seconds(5)), scope: .gmail)
            let started = ContinuousClock.now
            let contexts = await server.hub.loadContexts(userID: owner.id, types: ["gmail", "local-calendar"], timeout: .milliseconds(300))
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(contexts.map(\.type) == ["gmail", "local-calendar"])
            #expect(contexts.first?.status == .degraded)
            #expect(contexts.last?.status == .ok)
        }
    }

    @Test("manifests: the repository's load; broken ones are reported by file")
    func manifests() throws {
        let registry = try ManifestRegistry.load(directory: IntegrationsHarness.manifestsDirectory)
        #expect(registry.manifest("slack")?.status == .planned)
        #expect(registry.types(matching: "any unread email from Dana?").contains("gmail"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifests-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"type":"gmail","name":"Gmail"}"#.utf8).write(to: folder.appendingPathComponent("gmail.json"))
        try Data(#"{"type":"Bad Type","name":"x","status":"available","provider":"google","auth":"oauth2","scopes":[],"requiredScopes":["a"],"keywords":["X"],"description":""}"#.utf8)
            .write(to: folder.appendingPathComponent("bad.json"))
        do {
            _ = try ManifestRegistry.load(directory: folder.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("gmail.json: missing field"))
            #expect(error.description.contains("bad.json: type 'Bad Type'"))
            #expect(error.description.contains("must request scopes"))
        }
    }
}
