import Hummingbird
import Storage

/// The owner's chat page at `/`: streamed replies, step progress from control tokens,
/// connect-account buttons and the owner's delegation links. Plain HTML; behaviour lives in
/// `/static/chat.js` (the CSP allows scripts from this server only).
enum ChatPage {
    static func html(for user: UserRecord) -> String {
        HTMLPage.layout(title: "\(user.perinName) — Perin", body: """
            <main class="chat">
            <header><h1>\(HTMLPage.escape(user.perinName))</h1>
            <span class="who">Signed in as \(HTMLPage.escape(user.email)) · \(HTMLPage.escape(user.timezone))</span>
            <form method="post" action="/logout"><button type="submit">Sign out</button></form></header>
            <section id="log" aria-live="polite"></section>
            <ol id="progress" class="progress"></ol>
            <form id="composer"><label for="message">Message</label>
            <textarea id="message" name="message" rows="2" required placeholder="Schedule 30 minutes with Dana tomorrow at 10"></textarea>
            <button id="send" type="submit">Send</button></form>
            <aside><h2>Accounts</h2><div id="integrations"><button type="button" data-connect="google-calendar">Connect Google Calendar</button>
            <button type="button" data-connect="gmail">Connect Gmail</button></div>
            <h2>Delegation links</h2><ul id="delegations"><li class="muted">none yet</li></ul></aside>
            </main><script src="/static/chat.js" defer></script>
            """)
    }

    static let stylesheet = """
        .chat header{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}.chat header form{margin-left:auto}
        .who,.muted{color:#6e6e73;font-size:.9rem}#log{min-height:12rem;margin:1rem 0}
        .msg{padding:.6rem .8rem;border-radius:.6rem;margin:.4rem 0;white-space:pre-wrap}
        .msg.user{background:#e8f0fe;margin-left:20%}.msg.assistant{background:#fff;border:1px solid #ddd;margin-right:20%}
        .msg.partial::after{content:" (cut)";color:#b00020}.progress{font-size:.85rem;color:#6e6e73;min-height:1rem}
        .progress .step.done{color:#1d7a36}.progress .step.failed{color:#b00020}.action{color:#8a5a00}
        aside{border-top:1px solid #ddd;margin-top:2rem}
        """
}
