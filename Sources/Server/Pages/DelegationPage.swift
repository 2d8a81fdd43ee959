import Foundation
import ICalendar
import Scheduling
import Storage

/// The guest's pages: the link page (constraints, slot picker, booking form, chat), the
/// confirmation, the manage page and error pages. Nothing here reads the owner's calendar
/// events: slots are bare instants. Every interpolated value is escaped.
enum DelegationPage {
    static func linkPage(link: ResolvedLink, token: String, slots: [FreeSlot], zone: TimeZone, duration: Int,
                         error: String? = nil, form: [String: String] = [:]) -> String {
        let c = link.constraints
        let e = HTMLPage.escape
        var facts = ["<li>Length: \(c.durations.sorted().map { "\($0) min" }.joined(separator: " or "))</li>"]
        if c.minimumNoticeMinutes > 0 { facts.append("<li>Book at least \(e(BookingPolicyText.notice(c.minimumNoticeMinutes))) ahead</li>") }
        if let location = c.location { facts.append("<li>Where: \(e(location))</li>") }
        if let end = c.windowEnd { facts.append("<li>Until \(e(DelegationViews.localISO(end, zone).prefix(10).description))</li>") }
        let name = form["name"] ?? c.externalName ?? ""
        let durationChoices = c.durations.sorted().map { d in
            "<a href=\"?tz=\(e(zone.identifier))&amp;d=\(d)\"\(d == duration ? " aria-current=\"true\"" : "")>\(d) min</a>"
        }.joined(separator: " ")
        return HTMLPage.layout(title: "Book time with \(link.owner.name)", body: """
            <main data-token-page="\(e(token))">
            <h1>\(e(link.owner.perinName))</h1>
            <p>I schedule for <strong>\(e(link.owner.name))</strong>.\(c.title.map { " Meeting: <strong>\(e($0))</strong>." } ?? "")</p>
            <ul class="facts">\(facts.joined())</ul>
            \(error.map { "<p class=\"error\" role=\"alert\">\(e($0))</p>" } ?? "")
            <form method="get" class="tz"><label>Times shown in <input name="tz" value="\(e(zone.identifier))" id="tz-input"></label>
            <input type="hidden" name="d" value="\(duration)"><button type="submit">Change zone</button></form>
            \(c.durations.count > 1 ? "<p class=\"durations\">\(durationChoices)</p>" : "")
            <form method="post" action="/talk-to-perin/\(e(token))/book" id="booking-form">
            <fieldset><legend>Pick a time (\(e(zone.identifier)))</legend>
            \(slotList(slots, zone: zone, selected: form["start"]))
            </fieldset>
            <input type="hidden" name="timezone" value="\(e(zone.identifier))">
            <input type="hidden" name="durationMins" value="\(duration)">
            <label>Your name <input name="name" required maxlength="200" value="\(e(name))"></label>
            <label>Your email <input name="email" type="email" required maxlength="254" value="\(e(form["email"] ?? ""))"></label>
            <label>Note (optional) <textarea name="note" maxlength="2000">\(e(form["note"] ?? ""))</textarea></label>
            <button type="submit" id="book-button">Book</button>
            </form>
            <section id="chat" hidden data-endpoint="/api/public/delegation/\(e(token))/chat">
            <h2>Or ask \(e(link.owner.perinName))</h2><div id="chat-log" aria-live="polite"></div>
            <form id="chat-form"><input id="chat-input" name="message" maxlength="2000" autocomplete="off"><button type="submit">Send</button></form>
            </section>
            <script src="/static/delegation.js" defer></script>
            </main>
            """)
    }

    static func slotList(_ slots: [FreeSlot], zone: TimeZone, selected: String?) -> String {
        guard !slots.isEmpty else { return "<p>No free times in this period.</p>" }
        var html = "", currentDay = ""
        for (index, slot) in slots.enumerated() {
            let local = DelegationViews.localISO(slot.start, zone)
            let day = String(local.prefix(10)), time = String(local.dropFirst(11).prefix(5))
            if day != currentDay {
                if !currentDay.isEmpty { html += "</div>" }
                html += "<div class=\"day\"><h3>\(HTMLPage.escape(weekday(slot.start, zone))) \(day)</h3>"
                currentDay = day
            }
            let value = ISO8601DateFormatter().string(from: slot.start)
            let checked = selected == value || (selected == nil && index == 0) ? " checked" : ""
            html += "<label class=\"slot\"><input type=\"radio\" name=\"start\" value=\"\(value)\"\(checked) required> \(time)</label>"
        }
        return html + "</div>"
    }

    static func weekday(_ date: Date, _ zone: TimeZone) -> String {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][ZoneClock(zone).wall(date).isoWeekday - 1]
    }

    static func confirmation(_ booking: BookingRecord, owner: UserRecord, manageToken: String?, heading: String) -> String {
        let e = HTMLPage.escape
        let zone = TimeZone(identifier: booking.guestTimezone) ?? .gmt
        let local = DelegationViews.localISO(booking.startAt, zone)
        let manage = manageToken.map { "/talk-to-perin/manage/\($0)" }
        return HTMLPage.layout(title: heading, body: """
            <main id="confirmation"><h1>\(e(heading))</h1>
            <p><strong>\(e(booking.title))</strong> with \(e(owner.name))</p>
            <p>\(e(weekday(booking.startAt, zone))) \(e(String(local.prefix(10)))) at <time datetime="\(e(ISO8601DateFormatter().string(from: booking.startAt)))">\(e(String(local.dropFirst(11).prefix(5))))</time> (\(e(zone.identifier))), \(Int(booking.endAt.timeIntervalSince(booking.startAt) / 60)) minutes</p>
            \(booking.location.map { "<p>Where: \(e($0))</p>" } ?? "")
            <p>Reference: <strong id="reference">\(e(booking.reference))</strong></p>
            \(manage.map { "<p><a href=\"\(e($0))/invite.ics\">Add to calendar (.ics)</a> · <a href=\"\(e($0))\" id=\"manage-link\">Cancel or reschedule</a></p><p>Keep this page's address: the manage link is shown only here.</p>" } ?? "")
            </main>
            """)
    }

    static func managePage(_ booking: BookingRecord, owner: UserRecord, manageToken: String, slots: [FreeSlot], error: String? = nil) -> String {
        let e = HTMLPage.escape
        let zone = TimeZone(identifier: booking.guestTimezone) ?? .gmt
        let local = DelegationViews.localISO(booking.startAt, zone)
        let base = "/talk-to-perin/manage/\(manageToken)"
        let live = booking.status == BookingRecord.confirmed
        return HTMLPage.layout(title: "Your booking \(booking.reference)", body: """
            <main><h1>Booking \(e(booking.reference))</h1>
            \(error.map { "<p class=\"error\" role=\"alert\">\(e($0))</p>" } ?? "")
            <p><strong>\(e(booking.title))</strong> with \(e(owner.name)), \(e(String(local.prefix(10)))) \(e(String(local.dropFirst(11).prefix(5)))) (\(e(zone.identifier)))</p>
            <p>Status: <strong id="status">\(live ? "confirmed" : "cancelled")</strong></p>
            \(live ? """
            <form method="post" action="\(e(base))/cancel"><button type="submit" id="cancel-button">Cancel this meeting</button></form>
            <form method="post" action="\(e(base))/reschedule"><fieldset><legend>Move to another time</legend>
            \(slotList(slots, zone: zone, selected: nil))</fieldset><button type="submit">Reschedule</button></form>
            """ : "")
            <p><a href="\(e(base))/invite.ics">Calendar file (.ics)</a></p></main>
            """)
    }

    static func errorPage(status: Int, message: String) -> String {
        HTMLPage.layout(title: "Perin", body: "<main><h1>\(status == 410 ? "This link is no longer active" : "Not available")</h1><p>\(HTMLPage.escape(message))</p></main>")
    }
}

enum BookingPolicyText {
    static func notice(_ minutes: Int) -> String {
        if minutes % 1440 == 0 { return "\(minutes / 1440) day\(minutes == 1440 ? "" : "s")" }
        if minutes % 60 == 0 { return "\(minutes / 60) hour\(minutes == 60 ? "" : "s")" }
        return "\(minutes) minutes"
    }
}
