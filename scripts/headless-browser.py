#!/usr/bin/env python3
"""A tiny headless-Chromium driver for browser tests, over the DevTools protocol on a pipe
(--remote-debugging-pipe: NUL-delimited JSON on fds 3/4), so it needs nothing but Debian's
`chromium` and the Python standard library.

Usage: headless-browser.py STEPS.json   (or - for stdin)
STEPS is a JSON list; each step is one of
  {"navigate": URL}                      load a page and wait for it
  {"eval": JS}                           evaluate JS in the page (awaits promises)
  {"wait": JS, "timeout": 10}            poll until JS is truthy
  {"expect": JS, "equals": VALUE}        evaluate and compare (fails the run when different)
  {"submit": CSS}                        submit the form matched by CSS and wait for the next page
Prints one JSON line per step ({"step":i,"value":…}); exits 1 on the first failure.
"""
import json, os, select, shutil, subprocess, sys, tempfile, time

def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("headless-browser: chromium is not installed (apt package chromium)")

class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="perin-chromium-")
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        def child_fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)
        self.process = subprocess.Popen(
            [chromium_binary(), "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + self.profile, "about:blank"],
            pass_fds=(3, 4, to_chrome_r, from_chrome_w), preexec_fn=child_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.out = os.fdopen(to_chrome_w, "wb", buffering=0)
        self.inp = os.fdopen(from_chrome_r, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def read_message(self, timeout=30):
        while b"\0" not in self.buffer:
            if not select.select([self.inp], [], [], timeout)[0]:
                raise RuntimeError("chromium did not answer in time")
            chunk = self.inp.read(65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        self.out.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[i]
                    return event
            self.events.append(self.read_message(timeout=max(0.1, deadline - time.time())))
        raise RuntimeError(f"timed out waiting for {method}")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError("JS error: " + json.dumps(result["exceptionDetails"])[:500])
        return result["result"].get("value")

    def try_evaluate(self, expression):
        """For polling: a page that is navigating away has no context yet, which is not an error."""
        try:
            return self.evaluate(expression)
        except RuntimeError:
            return None

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

def run(steps):
    browser = Browser()
    try:
        for index, step in enumerate(steps):
            value = None
            if "navigate" in step:
                browser.events.clear()
                browser.call("Page.navigate", {"url": step["navigate"]}, session=True)
                browser.wait_event("Page.loadEventFired")
            elif "submit" in step:
                browser.events.clear()
                browser.evaluate(f"document.querySelector({json.dumps(step['submit'])}).requestSubmit()")
                browser.wait_event("Page.loadEventFired")
            elif "wait" in step:
                deadline = time.time() + step.get("timeout", 10)
                while not (value := browser.try_evaluate(step["wait"])):
                    if time.time() > deadline:
                        raise RuntimeError(f"step {index}: timed out waiting for {step['wait']}")
                    time.sleep(0.05)
            elif "expect" in step:
                value = browser.evaluate(step["expect"])
                if value != step["equals"]:
                    raise RuntimeError(f"step {index}: {step['expect']} = {value!r}, expected {step['equals']!r}")
            elif "eval" in step:
                value = browser.evaluate(step["eval"])
            print(json.dumps({"step": index, "value": value}), flush=True)
    finally:
        browser.close()

if __name__ == "__main__":
    source = sys.stdin if len(sys.argv) < 2 or sys.argv[1] == "-" else open(sys.argv[1])
    try:
        run(json.load(source))
    except Exception as error:
        print(json.dumps({"error": str(error)}), flush=True)
        sys.exit(1)
