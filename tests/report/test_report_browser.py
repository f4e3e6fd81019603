"""The report as a person sees it: rendered by headless Chromium, with every request logged.

The report is served over loopback by a tiny HTTP server that Chromium also uses as its
proxy (loopback included), so every request the page makes, to any host, reaches the log:
the page must ask for nothing but itself. The rendered DOM must hold every diagram with
content, and the screenshot is kept in ``test-artifacts/report.png`` for a person to look at.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import vsgraph
from tests.support.paths import DATA, ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


class _ReportServer(BaseHTTPRequestHandler):
    """Serves the report at /report.html and logs every request it sees, proxied or not."""

    def do_GET(self) -> None:
        found = urlsplit(self.path).path == "/report.html"
        body = self.server.report if found else b"not found"
        self.server.requests.append((self.command, self.path, 200 if found else 404))
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8" if found else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self) -> None:
        self.server.requests.append((self.command, self.path, 405))
        self.send_error(405)

    do_POST = do_HEAD = do_CONNECT = do_PUT = _refuse

    def log_message(self, format: str, *args: object) -> None:
        pass


BANK = DATA / "queries" / "practitioners.ttl"


@pytest.fixture(scope="module", params=["grocery", "bank"])
def served_report(request, tmp_path_factory) -> Iterator[tuple[str, list[tuple[str, str, int]], str]]:
    """The grocery example's report, and the bank's, which draws every kind of diagram."""
    source = vsgraph.examples.example_path() if request.param == "grocery" else BANK
    path = vsgraph.write_report(vsgraph.load(source), tmp_path_factory.mktemp("b") / "r.html")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ReportServer)
    server.report = path.read_bytes()
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", server.requests, request.param
    finally:
        server.shutdown()
        server.server_close()


def chromium(address: str, profile: Path, *args: str) -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "Chromium is not installed: scripts/setup.sh installs Debian's 'chromium' package"
    command = [
        binary,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--proxy-server=http://{address}",
        "--proxy-bypass-list=<-loopback>",
        *args,
        f"http://{address}/report.html",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


#: Chromium's own background services (network time, component updates, accounts): their
#: requests reach the logging proxy too (and go no further), but the page did not make them.
BROWSER_SERVICE_HOSTS = ("google.com", "googleapis.com", "gvt1.com")


def _browser_service(target: str) -> bool:
    host = (urlsplit(target).hostname if "://" in target else target.rsplit(":", 1)[0]) or ""
    return any(host == name or host.endswith(f".{name}") for name in BROWSER_SERVICE_HOSTS)


class _Svgs(HTMLParser):
    """Each rendered <svg>: its class, size and how many shapes and texts it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[dict[str, object]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            values = dict(attrs)
            self.svgs.append(
                {
                    "class": values.get("class"),
                    "width": values.get("width"),
                    "height": values.get("height"),
                    "shapes": 0,
                    "texts": 0,
                }
            )
            self.depth += 1
        elif self.depth and tag in ("rect", "path", "polygon", "line", "ellipse"):
            self.svgs[-1]["shapes"] += 1
        elif self.depth and tag == "text":
            self.svgs[-1]["texts"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.depth -= 1


def test_chromium_renders_every_diagram_and_requests_nothing_else(served_report, tmp_path: Path) -> None:
    address, requests, source = served_report
    dom = chromium(address, tmp_path / "profile-dom", "--dump-dom")
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / ("report.png" if source == "grocery" else f"report-{source}.png")
    screenshot.unlink(missing_ok=True)
    chromium(address, tmp_path / "profile-shot", f"--screenshot={screenshot}", "--window-size=1400,5200")

    parser = _Svgs()
    parser.feed(dom)
    classes = [svg["class"] for svg in parser.svgs]
    if source == "grocery":
        assert classes.count("value-stream-map") == 5 and classes.count("portfolio-map") == 1
        assert "Travel to the store" in dom and "Check-out queue time" in dom
    else:
        assert classes == ["portfolio-map", "cross-stream-flow", "capability-map"] + ["value-stream-map"] * 6
        assert "Collateral valuation" in dom and "Measured lead time 6d" in dom
    assert set(classes) <= {"portfolio-map", "cross-stream-flow", "capability-map", "value-stream-map"}
    for svg in parser.svgs:
        assert float(str(svg["width"]).removesuffix("pt")) > 100 and float(str(svg["height"]).removesuffix("pt")) > 100
        # a capability map of one capability is one box: its title, caption and name
        shapes, texts = (0, 2) if svg["class"] == "capability-map" else (10, 10)
        assert svg["shapes"] > shapes and svg["texts"] > texts, svg

    # Two page loads, each asking for the report alone (a favicon request would show here too).
    page_requests = [(command, path, status) for command, path, status in requests if not _browser_service(path)]
    assert page_requests == [("GET", f"http://{address}/report.html", 200)] * 2
    assert screenshot.stat().st_size > 50_000 and screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- legibility of a long map, and the folder report of a large portfolio -----------------

LONG = DATA / "report" / "long-stream.yaml"

#: Loads the page named by ``?page=`` in a frame and writes what the test checks into
#: ``<pre id="result">``: each step label's rendered font size (its CSS size times the
#: diagram's scale) and whether its box lies inside the step's rectangle.
LEGIBILITY = """<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><pre id="result"></pre>
<iframe id="f" style="width:1400px;height:900px" src="long.html"></iframe><script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument, out = [];
  d.querySelectorAll("svg.value-stream-map g.step").forEach(function (g) {
    var box = g.querySelector("rect").getBoundingClientRect();
    g.querySelectorAll("text").forEach(function (t) {
      var b = t.getBoundingClientRect();
      out.push([t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
        b.left >= box.left - 0.5 && b.right <= box.right + 0.5 && b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5]);
    });
  });
  document.getElementById("result").textContent = JSON.stringify(out);
};
</script></body></html>"""

#: Searches the landing page, filters it by kind, then opens the first stream's page.
LANDING = """<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><pre id="result"></pre>
<iframe id="f" style="width:1400px;height:900px" src="report/index.html"></iframe><script>
var result = {}, frame = document.getElementById("f");
frame.onload = function () {
  var d = frame.contentDocument;
  if (!result.rows) {
    var visible = function () { return d.querySelectorAll("#stream-table tbody tr:not([hidden])").length; };
    result.rows = visible();
    var search = d.getElementById("stream-search");
    search.value = "Operational stream 123";
    search.dispatchEvent(new Event("input"));
    result.found = Array.prototype.map.call(d.querySelectorAll("#stream-table tbody tr:not([hidden]) a"),
      function (a) { return a.textContent; });
    search.value = "";
    search.dispatchEvent(new Event("input"));
    var kind = d.getElementById("stream-kind");
    kind.value = "development";
    kind.dispatchEvent(new Event("change"));
    result.development = visible();
    d.querySelector("#stream-table thead th:nth-child(3)").click();
    result.sorted = d.querySelector("#stream-table thead th:nth-child(3)").getAttribute("aria-sort");
    result.link = d.querySelector("#stream-table tbody tr:not([hidden]) a").getAttribute("href");
    frame.src = "report/" + result.link;
  } else {
    result.maps = d.querySelectorAll("svg.value-stream-map g.step").length;
    result.title = d.title;
    document.getElementById("result").textContent = JSON.stringify(result);
  }
};
</script></body></html>"""


class _FolderServer(BaseHTTPRequestHandler):
    """Serves the files of a folder and logs every request, as :class:`_ReportServer`."""

    def do_GET(self) -> None:
        path = (self.server.root / urlsplit(self.path).path.lstrip("/")).resolve()
        found = path.is_file() and self.server.root in path.parents
        body = path.read_bytes() if found else b"not found"
        self.server.requests.append((self.command, self.path, 200 if found else 404))
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _run_harness(root: Path, page: str, profile: Path) -> tuple[object, list[tuple[str, str, int]]]:
    """Serve ``root``, let Chromium run the harness ``page`` and return its result and the requests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FolderServer)
    server.root = root.resolve()
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"127.0.0.1:{server.server_address[1]}"
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "Chromium is not installed: scripts/setup.sh installs Debian's 'chromium' package"
    command = [
        binary,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--proxy-server=http://{address}",
        "--proxy-bypass-list=<-loopback>",
        "--virtual-time-budget=30000",
        "--dump-dom",
        f"http://{address}/{page}",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1), done.stdout[-2000:]
    return json.loads(html.unescape(found.group(1))), server.requests


def test_every_step_label_of_a_twenty_step_map_is_legible_and_inside_its_box(tmp_path: Path) -> None:
    vsgraph.write_report(vsgraph.load(LONG), tmp_path / "long.html")
    (tmp_path / "harness.html").write_text(LEGIBILITY)
    labels, _ = _run_harness(tmp_path, "harness.html", tmp_path / "profile")
    assert {int(text.split(".")[0]) for text, _, _ in labels if re.match(r"\d+\.", text)} == set(range(1, 21))
    assert [text for text, size, _ in labels if size < 11] == []
    assert [text for text, _, inside in labels if not inside] == []


def test_the_landing_page_of_a_large_report_searches_filters_sorts_and_opens_a_stream(generated_report: Path) -> None:
    root = generated_report.parent.parent
    (root / "harness.html").write_text(LANDING)
    result, requests = _run_harness(root, "harness.html", root / "profile")
    assert result["rows"] == 994 and result["found"] == ["Operational stream 123"]
    assert 0 < result["development"] < 994 and result["sorted"] == "ascending"
    assert result["link"].startswith("streams/dvs-") and result["maps"] > 0
    assert result["title"].startswith("Development stream")
    asked = {urlsplit(path).path for _, path, _ in requests if not _browser_service(path)}
    assert asked == {"/harness.html", "/report/index.html", f"/report/{result['link']}"}
