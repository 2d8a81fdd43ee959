#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol (stdlib only): log in to a running
Perin server, send a chat message, and report what the page showed while the reply streamed.

Usage: chat_flow.py BASE_URL EMAIL PASSWORD MESSAGE
Prints one JSON object: loggedIn, reply, progress, sawPartial, polls.
"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class CDP:
    """A minimal WebSocket client (RFC 6455, text frames) speaking the DevTools protocol."""

    def __init__(self, url):
        rest = url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake failed: " + head.decode(errors="replace"))
        self.next_id = 0

    def _read_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("devtools connection closed")
            data += chunk
        return data

    def _recv(self):
        message = b""
        while True:
            b1, b2 = self._read_exact(2)
            length = b2 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read_exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read_exact(8))[0]
            payload = self._read_exact(length)
            message += payload
            if b1 & 0x80:
                return message.decode()

    def call(self, method, **params):
        self.next_id += 1
        payload = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)
        while True:
            reply = json.loads(self._recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")


def wait_for(check, timeout=20.0, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    return None


def main():
    base, email, password, message = sys.argv[1:5]
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        print(json.dumps({"error": "chromium not installed"}))
        return 2
    profile = tempfile.mkdtemp(prefix="perin-chromium-")
    process = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--no-first-run", "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        if not wait_for(lambda: os.path.exists(port_file) and open(port_file).read().strip(), timeout=30):
            raise RuntimeError("chromium did not start its DevTools endpoint")
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t.get("type") == "page")
        cdp = CDP(page["webSocketDebuggerUrl"])
        cdp.call("Page.enable")
        cdp.call("Page.navigate", url=base + "/login")
        wait_for(lambda: cdp.evaluate("document.readyState === 'complete' && !!document.querySelector('input[name=email]')"))
        cdp.evaluate(f"""(() => {{
            document.querySelector('input[name=email]').value = {json.dumps(email)};
            document.querySelector('input[name=password]').value = {json.dumps(password)};
            document.querySelector('form[action="/login"]').submit(); return true; }})()""")
        logged_in = bool(wait_for(lambda: cdp.evaluate("location.pathname === '/' && !!document.getElementById('composer') && document.readyState === 'complete'")))
        result = {"loggedIn": logged_in, "reply": "", "progress": [], "sawPartial": False, "polls": 0}
        if logged_in:
            cdp.evaluate(f"""(() => {{ document.getElementById('message').value = {json.dumps(message)};
                document.getElementById('composer').requestSubmit(); return true; }})()""")
            deadline = time.time() + 30
            while time.time() < deadline:
                state = cdp.evaluate("""(() => { const r = document.querySelector('.msg.assistant');
                    return { text: r ? r.textContent : '', done: !!(r && r.dataset.complete),
                             progress: Array.from(document.querySelectorAll('#progress li')).map(li => li.textContent) }; })()""")
                result["polls"] += 1
                if state["text"] and not state["done"]:
                    result["sawPartial"] = True
                if state["done"]:
                    result["reply"] = state["text"]
                    result["progress"] = state["progress"]
                    break
                time.sleep(0.02)
        print(json.dumps(result))
        return 0
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
