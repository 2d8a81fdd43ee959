/// `/static/chat.js`: sends a message to `POST /api/ai/chat`, reads the streamed text as it
/// arrives, and splits control tokens (`[[PERIN_…]]`, possibly cut across chunks) from the
/// reply text to show step progress.
enum ChatScript {
    static let source = #"""
    "use strict";
    (function () {
      const log = document.getElementById("log");
      const progress = document.getElementById("progress");
      const form = document.getElementById("composer");
      const input = document.getElementById("message");
      const send = document.getElementById("send");
      let conversationId = null;

      function bubble(role, text) {
        const div = document.createElement("div");
        div.className = "msg " + role;
        div.textContent = text;
        log.appendChild(div);
        return div;
      }

      function addProgress(text, cls) {
        const li = document.createElement("li");
        li.className = "step " + (cls || "");
        li.textContent = text;
        progress.appendChild(li);
        return li;
      }

      const steps = {};
      function control(token, reply) {
        const parts = token.split(":");
        const kind = parts[0];
        if (kind === "PERIN_PROGRESS") {
          addProgress(parts.slice(1).join(":"));
        } else if (kind === "PERIN_STEP" && parts[1] === "start") {
          steps[parts[2]] = addProgress(parts.slice(3).join(":") + "…", "running");
        } else if (kind === "PERIN_STEP" && parts[1] === "end") {
          if (steps[parts[2]]) steps[parts[2]].classList.remove("running");
        } else if (kind === "PERIN_STEP_RESULT") {
          const li = steps[parts[1]];
          if (li) { li.classList.add(parts[2] === "completed" ? "done" : "failed"); li.textContent += " " + parts[2]; }
        } else if (kind === "PERIN_MULTI_STEP") {
          addProgress(parts[1] === "initiated" ? "Multi-step: " + parts[2] : "All steps complete", "multi");
        } else if (kind === "PERIN_ACTION" && parts[1] === "conversation") {
          conversationId = parts[2];
        } else if (kind === "PERIN_ACTION") {
          addProgress("Action: " + parts.slice(1).join(":"), "action");
        } else if (kind === "PERIN_ERROR") {
          reply.classList.add("partial");
          addProgress("Error: " + parts.slice(2).join(":"), "failed");
        }
      }

      async function chat(text) {
        bubble("user", text);
        const reply = bubble("assistant", "");
        progress.textContent = "";
        const body = { messages: [{ role: "user", content: text }] };
        if (conversationId) body.conversationId = conversationId;
        const response = await fetch("/api/ai/chat", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept": "text/plain" },
          body: JSON.stringify(body)
        });
        if (!response.ok) {
          let message = response.statusText;
          try { message = (await response.json()).error.message; } catch (e) {}
          reply.textContent = "⚠ " + message;
          reply.classList.add("partial");
          return;
        }
        conversationId = response.headers.get("X-Conversation-Id") || conversationId;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let pending = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          pending += decoder.decode(value, { stream: true });
          for (;;) {
            const open = pending.indexOf("[[");
            if (open < 0) {
              // Keep a trailing "[" back: it may start a token in the next chunk.
              const keep = pending.endsWith("[") ? 1 : 0;
              reply.textContent += pending.slice(0, pending.length - keep);
              pending = pending.slice(pending.length - keep);
              break;
            }
            reply.textContent += pending.slice(0, open);
            const close = pending.indexOf("]]", open);
            if (close < 0) { pending = pending.slice(open); break; }
            control(pending.slice(open + 2, close), reply);
            pending = pending.slice(close + 2);
          }
        }
        reply.textContent += pending;
        reply.dataset.complete = "true";
      }

      form.addEventListener("submit", async function (event) {
        event.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        input.value = "";
        send.disabled = true;
        try { await chat(text); } catch (e) { bubble("assistant", "⚠ connection lost").classList.add("partial"); }
        send.disabled = false;
        input.focus();
      });

      document.querySelectorAll("[data-connect]").forEach(function (button) {
        button.addEventListener("click", async function () {
          const response = await fetch("/api/integrations/connect", {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ type: button.dataset.connect })
          });
          if (response.ok) { const body = await response.json(); if (body.authUrl) window.location = body.authUrl; }
          else { addProgress("Could not start connecting " + button.dataset.connect, "failed"); }
        });
      });

      fetch("/api/delegation", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
        const links = body && (body.links || body.delegations);
        if (!links || !links.length) return;
        const list = document.getElementById("delegations");
        list.textContent = "";
        links.forEach(function (link) {
          const li = document.createElement("li");
          li.textContent = (link.url || link.id) + (link.expiresAt ? " (until " + link.expiresAt + ")" : "");
          list.appendChild(li);
        });
      }).catch(function () {});
    })();
    """#
}
