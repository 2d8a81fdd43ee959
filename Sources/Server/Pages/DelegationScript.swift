/// `/static/delegation.js`: progressive enhancement of the delegation page. Without it the page
/// works (zone form, plain booking POST); with it the zone follows the browser and the chat
/// streams. Served as a file because the CSP allows scripts from this server only.
enum DelegationScript {
    static let source = #"""
    (function () {
      "use strict";
      var page = document.querySelector("[data-token-page]");
      if (!page) return;
      var params = new URLSearchParams(location.search);
      var browserZone = "";
      try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
      if (!params.get("tz") && browserZone) {
        params.set("tz", browserZone);
        location.replace(location.pathname + "?" + params.toString());
        return;
      }
      var chat = document.getElementById("chat");
      var form = document.getElementById("chat-form");
      var input = document.getElementById("chat-input");
      var log = document.getElementById("chat-log");
      if (!chat || !form || !window.fetch || !window.ReadableStream) return;
      chat.hidden = false;
      var history = [];
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = input.value.trim();
        if (!text) return;
        input.value = "";
        history.push({ role: "user", content: text });
        var mine = document.createElement("p"); mine.className = "me"; mine.textContent = text; log.appendChild(mine);
        var reply = document.createElement("p"); reply.className = "agent"; log.appendChild(reply);
        fetch(chat.dataset.endpoint, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ messages: history, timezone: params.get("tz") || browserZone })
        }).then(function (response) {
          if (!response.ok || !response.body) {
            return response.json().then(function (body) {
              reply.textContent = (body && body.error && body.error.message) || "The agent is not available.";
            }, function () { reply.textContent = "The agent is not available."; });
          }
          var reader = response.body.getReader(), decoder = new TextDecoder(), all = "";
          function pump() {
            return reader.read().then(function (part) {
              if (part.done) { history.push({ role: "assistant", content: all }); reply.dataset.done = "true"; return; }
              all += decoder.decode(part.value, { stream: true });
              reply.textContent = all.replace(/\[\[PERIN_[^\]]*\]\]/g, "");
              return pump();
            });
          }
          return pump();
        }).catch(function () { reply.textContent = "The connection failed."; });
      });
    })();
    """#
}
