#!/usr/bin/python3
# browser.py PAGE OUT_DIR NAME: load the HTML file PAGE in headless Chromium
# (Debian's /usr/bin/chromium, or $CHROMIUM) and print one JSON object of
# what the browser saw; keep screenshots OUT_DIR/NAME.png (light) and
# OUT_DIR/NAME-dark.png (prefers-color-scheme: dark).
#
# A tiny DevTools-protocol client over --remote-debugging-pipe (file
# descriptors 3 and 4, messages ended by NUL), with nothing but Python's
# standard library. One launch; a fresh --user-data-dir; every connection
# goes through a proxy that refuses it, and every request the page makes is
# noted, so a page that reaches for the network is caught. The object:
#   requests   every URL the page requested (only PAGE's file:// URL is fine)
#   errors     exceptions, console errors and Log errors while loading
#   dom        what tests/lib's DOM query below returned, in light mode
#   dark       the same query in dark mode; print: in print media
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

page, out_dir, name = sys.argv[1:4]
url = "file://" + os.path.abspath(page)
TIMEOUT = 30

# What the tests look at: the cards per column, the late follow-ups, what
# the page would load, the colours in effect.
QUERY = r"""
(() => {
  const all = (sel, el) => [...(el || document).querySelectorAll(sel)];
  const col = {};
  for (const s of all('section.column'))
    col[s.dataset.state] = {
      cards: all('article.card', s).map(a => a.dataset.id),
      count: s.querySelector('h2 .count').textContent };
  const style = el => el ? getComputedStyle(el) : null;
  const late = document.querySelector('.card dd.late');
  return JSON.stringify({
    title: document.title,
    columns: col,
    late_follow_ups: all('.card dd.follow-up.late').map(d => d.closest('article').dataset.id),
    today_follow_ups: all('dd.follow-up.due-today').map(d => d.closest('article').dataset.id),
    strip: all('#follow-up-today li[data-id]').map(l => l.dataset.id),
    loads: all('[src], [href], [srcset], [data], [poster], link, script, iframe, object, embed')
      .map(e => e.tagName.toLowerCase() + ' ' + (e.getAttribute('src') || e.getAttribute('href') ||
           e.getAttribute('srcset') || e.getAttribute('data') || '')),
    scripts: document.scripts.length,
    bars: all('svg rect.bar').length,
    people: all('#people tbody tr').length,
    h1: all('h1').map(h => h.textContent),
    body_bg: style(document.body).backgroundColor,
    body_fg: style(document.body).color,
    late_color: late ? style(late).color : null,
    height: document.documentElement.scrollHeight,
  });
})()
"""


class Browser:
    def __init__(self):
        exe = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        self.profile = tempfile.mkdtemp(prefix="dlg-chromium.")
        cmd_r, self.cmd_w = os.pipe()
        self.resp_r, resp_w = os.pipe()

        # pipes are close-on-exec, and dup2 onto itself would keep that
        def child():
            a, b = os.dup(cmd_r), os.dup(resp_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + self.profile, "--remote-debugging-pipe",
                # any connection at all is refused at once
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--window-size=1400,1000", "about:blank"]
        log = open(os.path.join(self.profile, "stderr"), "w")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=log, close_fds=False,
                                     preexec_fn=child)
        os.close(cmd_r)
        os.close(resp_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == self.next_id)

    def read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.resp_r], [], [], left)[0]:
                raise SystemExit("browser.py: chromium did not answer in time")
            chunk = os.read(self.resp_r, 65536)
            if not chunk:
                raise SystemExit("browser.py: chromium went away")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    # The first message that matches; events seen meanwhile are kept.
    def wait(self, match):
        deadline = time.time() + TIMEOUT
        while True:
            m = self.read(deadline)
            if match(m):
                if "error" in m:
                    raise SystemExit("browser.py: %s" % m["error"])
                return m
            self.events.append(m)

    def event(self, method):
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                return self.events.pop(i)
        return self.wait(lambda m: m.get("method") == method)

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except SystemExit:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def evaluate(b, expr):
    r = b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True})
    return json.loads(r["result"]["result"]["value"])


def screenshot(b, path, height):
    b.send("Emulation.setDeviceMetricsOverride",
           {"width": 1400, "height": min(max(height, 600), 4000), "deviceScaleFactor": 1,
            "mobile": False})
    shot = b.send("Page.captureScreenshot", {"format": "png"})["result"]["data"]
    import base64
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot))


def main():
    b = Browser()
    try:
        targets = b.send("Target.getTargets", session=False)["result"]["targetInfos"]
        target = next(t for t in targets if t["type"] == "page")
        b.session = b.send("Target.attachToTarget", {"targetId": target["targetId"],
                                                     "flatten": True},
                           session=False)["result"]["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            b.send(domain + ".enable")
        b.send("Page.navigate", {"url": url})
        b.event("Page.loadEventFired")
        dom = evaluate(b, QUERY)
        os.makedirs(out_dir, exist_ok=True)
        screenshot(b, os.path.join(out_dir, name + ".png"), dom["height"])
        b.send("Emulation.setEmulatedMedia",
               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        dark = evaluate(b, QUERY)
        screenshot(b, os.path.join(out_dir, name + "-dark.png"), dark["height"])
        b.send("Emulation.setEmulatedMedia", {"media": "print", "features": []})
        printed = evaluate(b, QUERY)
        requests, errors = [], []
        for m in b.events:
            p = m.get("params", {})
            meth = m.get("method")
            if meth == "Network.requestWillBeSent":
                requests.append(p["request"]["url"])
            elif meth == "Runtime.exceptionThrown":
                errors.append(p["exceptionDetails"].get("text", "exception"))
            elif meth == "Runtime.consoleAPICalled" and p.get("type") == "error":
                errors.append("console: %s" % p.get("args"))
            elif meth == "Log.entryAdded" and p["entry"]["level"] == "error":
                errors.append("log: %s" % p["entry"]["text"])
        print(json.dumps({"url": url, "requests": requests, "errors": errors, "dom": dom,
                          "dark": dark, "print": printed}, indent=1))
    finally:
        b.close()


main()
