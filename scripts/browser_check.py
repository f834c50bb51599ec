#!/usr/bin/env python3
"""Opens oversub reports in headless Chromium and fails on anything a reader would see go wrong.

Talks to Chromium over the DevTools protocol through --remote-debugging-pipe (file descriptors
3 and 4, NUL-terminated JSON), so it needs only the Python standard library. For every report:

- loads it in a fresh tab and fails on any console error, uncaught exception, log entry of level
  error (this includes Content-Security-Policy violations), failed request, or any request other
  than the report itself: a report fetches nothing;
- measures the time until the page is loaded and its first frame after load is drawn, and fails
  above the budget (--max-load-ms) when a second and third load are also over it;
- fails when the file exceeds --max-bytes;
- checks that charts were laid out, that the page has no <script>, and that the dark colour
  scheme applies under prefers-color-scheme: dark;
- saves a light and a dark screenshot (PNG) and a printed PDF next to each other in --out.

Usage: browser_check.py --out DIR [--max-bytes N] [--max-load-ms MS] REPORT.html [REPORT.html ...]
       browser_check.py --capture REPORT.html --from '#relative' --size 1200x2200 --to shot.png
Exit status: 0 when every report passes, 1 otherwise, 2 when Chromium cannot be driven.
"""

import argparse
import base64
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time


class BrowserError(Exception):
    pass


class Chromium:
    """One headless Chromium driven over the DevTools pipe."""

    def __init__(self, executable, timeout_seconds=30):
        self.timeout = timeout_seconds
        self.profile = tempfile.mkdtemp(prefix="oversub-chromium-")
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()

        def child_fds():
            # Chromium reads commands on fd 3 and writes replies and events on fd 4. Copies first,
            # in case a pipe end already is fd 3 or 4; dup2 leaves the targets inheritable, and
            # Python opens every other descriptor non-inheritable (PEP 446).
            commands, replies = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        args = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--mute-audio", "--hide-scrollbars", "about:blank",
        ]
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=self.stderr, preexec_fn=child_fds, close_fds=False)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self.to_browser, self.from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def browser_log(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError("timed out waiting for Chromium")
            ready, _, _ = select.select([self.from_browser], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the DevTools pipe (exit status %s)" % self.process.poll())
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=None):
        """Sends one command and returns its result; events that arrive meanwhile are kept."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self.to_browser, data)
            data = data[written:]
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise BrowserError("%s failed: %s" % (method, reply["error"].get("message")))
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method, session, timeout=None):
        """Waits for an event of a session (or returns one already received)."""
        for index, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(index)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            if "method" in event:
                self.events.append(event)

    def take_events(self, session):
        mine = [event for event in self.events if event.get("sessionId") == session]
        self.events = [event for event in self.events if event.get("sessionId") != session]
        return mine


# Evaluated in the page after load: what was laid out, and when the first frame after load was drawn.
PAGE_FACTS = """
new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const charts = [...document.querySelectorAll('svg.chart')];
  resolve(JSON.stringify({
    drawnMs: performance.now(),
    domContentLoadedMs: navigation ? navigation.domContentLoadedEventEnd : null,
    loadMs: navigation ? navigation.loadEventEnd : null,
    charts: charts.length,
    chartsNotLaidOut: charts.filter(svg => svg.getBoundingClientRect().width < 100).length,
    dataTables: document.querySelectorAll('details.data').length,
    openDataTables: document.querySelectorAll('details.data[open]').length,
    scripts: document.querySelectorAll('script').length,
    sections: [...document.querySelectorAll('section[id]')].map(section => section.id),
    heading: (document.querySelector('h1') || {}).textContent || '',
    pageHeight: document.documentElement.scrollHeight,
    background: getComputedStyle(document.body).backgroundColor,
  }));
})))
"""

LIGHT_BACKGROUND = "rgb(255, 255, 255)"
DARK_BACKGROUND = "rgb(22, 22, 22)"


def problems_in(events, page_url):
    """Console errors, exceptions, error log entries, failed and unexpected requests."""
    problems = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            problems.append("console %s: %s" % (params["type"], text))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            problems.append("uncaught exception: %s" % details.get("exception", {}).get("description", details.get("text")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            problems.append("console error (%s): %s %s" % (entry.get("source"), entry.get("text"), entry.get("url", "")))
        elif method == "Network.loadingFailed":
            problems.append("failed request: %s (%s)" % (params.get("errorText"), params.get("blockedReason", "")))
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if url != page_url:
                problems.append("request for %s: a report must fetch nothing" % url[:200])
    return problems


def load(browser, session, url, dark):
    browser.send("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]}, session)
    browser.take_events(session)
    browser.send("Page.navigate", {"url": url}, session)
    browser.wait_for("Page.loadEventFired", session)
    reply = browser.send("Runtime.evaluate", {"expression": PAGE_FACTS, "awaitPromise": True,
                                              "returnByValue": True}, session)
    if "exceptionDetails" in reply:
        raise BrowserError("could not read the page: %s" % reply["exceptionDetails"].get("text"))
    facts = json.loads(reply["result"]["value"])
    return facts, problems_in(browser.take_events(session), url)


def screenshot(browser, session, path, width, height):
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
    data = browser.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
    path.write_bytes(base64.b64decode(data))


def check_report(browser, report, out, max_bytes, max_load_ms):
    """Returns (failures, summary line) for one report file."""
    failures = []
    size = report.stat().st_size
    if size > max_bytes:
        failures.append("%d bytes, over the budget of %d" % (size, max_bytes))
    url = report.resolve().as_uri()
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(domain + ".enable", {}, session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)

        # Light: timed loads (up to three when over budget, so one hiccup of a busy machine does
        # not fail the check, while a page that is slow every time does).
        timings = []
        for attempt in range(3):
            facts, problems = load(browser, session, url, dark=False)
            failures += problems
            timings.append(max(facts["drawnMs"], facts["loadMs"] or 0))
            if timings[-1] <= max_load_ms or problems:
                break
        if min(timings) > max_load_ms:
            failures.append("took %s ms to load and draw, over the budget of %d ms" %
                            (" / ".join("%.0f" % t for t in timings), max_load_ms))
        if facts["charts"] == 0:
            failures.append("no chart on the page")
        if facts["chartsNotLaidOut"]:
            failures.append("%d charts were not laid out" % facts["chartsNotLaidOut"])
        if facts["scripts"]:
            failures.append("%d <script> elements: the report must read the same with scripts off" % facts["scripts"])
        if facts["openDataTables"]:
            failures.append("%d data tables are open: they should be collapsed by default" % facts["openDataTables"])
        if facts["background"] != LIGHT_BACKGROUND:
            failures.append("light background is %s, expected %s" % (facts["background"], LIGHT_BACKGROUND))
        stem = report.stem
        screenshot(browser, session, out / (stem + ".png"), 1200, 2200)

        # Dark.
        dark, problems = load(browser, session, url, dark=True)
        failures += problems
        if dark["background"] != DARK_BACKGROUND:
            failures.append("dark background is %s, expected %s" % (dark["background"], DARK_BACKGROUND))
        screenshot(browser, session, out / (stem + "-dark.png"), 1200, 2200)

        # Print (the print style sheet applies to the PDF).
        pdf = base64.b64decode(browser.send("Page.printToPDF", {"printBackground": False}, session, timeout=60)["data"])
        (out / (stem + ".pdf")).write_bytes(pdf)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        failures += problems_in(browser.take_events(session), url)
    finally:
        browser.send("Target.closeTarget", {"targetId": target})
    line = ("%s: %.0f KB, loaded in %.0f ms and drawn in %.0f ms, %d charts with %d data tables, "
            "%d sections, %d printed pages" % (
                report.name, size / 1024, facts["loadMs"] or -1, facts["drawnMs"], facts["charts"],
                facts["dataTables"], len(facts["sections"]), pages))
    return failures, line, facts


# A page with every fault the check must catch; if it passes, the check is blind.
BROKEN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
<p>deliberately broken</p><img src="missing-image.png" alt="">
<script>console.error("deliberate console error"); fetch("http://127.0.0.1:9/deliberate");</script>
</body></html>
"""


def self_test(browser, out):
    """Checks the checker: the broken page must fail with a console error and failed requests."""
    page = out / "self-test-broken.html"
    page.write_text(BROKEN_PAGE)
    failures, _, _ = check_report(browser, page, out, 2_000_000, 10_000)
    page.unlink()
    for stem in ("self-test-broken", "self-test-broken-dark"):
        (out / (stem + ".png")).unlink(missing_ok=True)
    (out / "self-test-broken.pdf").unlink(missing_ok=True)
    expected = {
        "console error": any("deliberate console error" in failure for failure in failures),
        "failed request": any(failure.startswith("failed request") for failure in failures),
        "request to the network": any("127.0.0.1:9" in failure for failure in failures),
        "script": any("<script>" in failure for failure in failures),
    }
    missed = [name for name, seen in expected.items() if not seen]
    if missed:
        raise BrowserError("self-test: a deliberately broken page did not fail on: %s (saw: %s)" %
                           (", ".join(missed), "; ".join(failures)))
    print("browser-check: self-test ok (a broken page fails with %d findings)" % len(failures))


def capture(browser, report, selector, width, height, path):
    """A screenshot of `width` × `height` pixels starting at the top of the element `selector`
    (e.g. the README's picture of the example report, starting at its first charts)."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    try:
        browser.send("Page.enable", {}, session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        browser.send("Page.navigate", {"url": report.resolve().as_uri()}, session)
        browser.wait_for("Page.loadEventFired", session)
        expression = "(e => e ? e.getBoundingClientRect().top + scrollY : -1)(document.querySelector(%s))" % json.dumps(selector)
        top = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)["result"]["value"]
        if top < 0:
            raise BrowserError("%s has no element %s" % (report, selector))
        data = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {
            "x": 0, "y": max(0, top - 16), "width": width, "height": height, "scale": 1}}, session)["data"]
        path.write_bytes(base64.b64decode(data))
    finally:
        browser.send("Target.closeTarget", {"targetId": target})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--capture", type=pathlib.Path, metavar="REPORT",
                        help="only take one screenshot of REPORT (with --from, --size and --to)")
    parser.add_argument("--from", dest="selector", default="body", help="CSS selector where the capture starts")
    parser.add_argument("--size", default="1200x2200", help="capture width x height in pixels")
    parser.add_argument("--to", type=pathlib.Path, help="PNG file for --capture")
    parser.add_argument("--out", type=pathlib.Path, help="folder for screenshots and PDFs")
    parser.add_argument("--max-bytes", type=int, default=2_000_000)
    parser.add_argument("--max-load-ms", type=float, default=1000)
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    parser.add_argument("--expect-heading", action="append", default=[], metavar="FILE=TEXT",
                        help="the report FILE's h1 must read exactly TEXT (checks escaping in a real browser)")
    parser.add_argument("--expect-section", action="append", default=[], metavar="FILE=ID",
                        help="the report FILE must have a <section id=ID> (e.g. placement for a schema-4 result)")
    parser.add_argument("reports", nargs="*", type=pathlib.Path)
    args = parser.parse_args()
    if args.capture:
        if not args.to:
            parser.error("--capture needs --to")
        width, height = (int(part) for part in args.size.split("x"))
        browser = Chromium(args.chromium)
        try:
            capture(browser, args.capture, args.selector, width, height, args.to)
        except BrowserError as error:
            print("browser-check: %s" % error, file=sys.stderr)
            return 2
        finally:
            browser.close()
        print(args.to)
        return 0
    if not args.out or not args.reports:
        parser.error("give --out and at least one report (or --capture)")
    args.out.mkdir(parents=True, exist_ok=True)
    expected_headings = dict(item.split("=", 1) for item in args.expect_heading)
    expected_sections = {}
    for item in args.expect_section:
        name, section = item.split("=", 1)
        expected_sections.setdefault(name, []).append(section)

    try:
        browser = Chromium(args.chromium)
    except OSError as error:
        print("browser-check: cannot start %s: %s" % (args.chromium, error), file=sys.stderr)
        return 2
    failed = False
    try:
        version = browser.send("Browser.getVersion")
        print("browser-check: %s" % version.get("product"))
        self_test(browser, args.out)
        for report in args.reports:
            failures, line, facts = check_report(browser, report, args.out, args.max_bytes, args.max_load_ms)
            expected = expected_headings.get(report.name)
            if expected is not None and facts["heading"] != expected:
                failures.append("heading reads %r, expected %r" % (facts["heading"], expected))
            for section in expected_sections.get(report.name, []):
                if section not in facts["sections"]:
                    failures.append("no section %r (sections: %s)" % (section, ", ".join(facts["sections"])))
            print(("FAIL " if failures else "ok   ") + line)
            for failure in failures:
                print("     - " + failure)
            failed = failed or bool(failures)
    except BrowserError as error:
        print("browser-check: %s" % error, file=sys.stderr)
        print(browser.browser_log()[-4000:], file=sys.stderr)
        return 2
    finally:
        browser.close()
    print("browser-check: screenshots and PDFs in %s" % args.out)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
