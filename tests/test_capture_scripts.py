"""Pages declared with ``executeClientScripts``: rendered in a real headless Chromium (Debian's
``chromium``, through scrapy-playwright) before extraction, in the same Scrapy crawl as
static pages, all served over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monitor.capture import LOOPBACK_SETTINGS, crawl
from monitor.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# The terms arrive from a JSON endpoint, fetched and inserted by the page's script after a
# pause: only a browser that ran the script and waited for the selector sees them.
SCRIPTED = b"""<!doctype html><html><head><title>Terms</title></head><body>
<nav>Home | Help</nav><div id="app">Loading...</div>
<script>
setTimeout(async () => {
  const terms = await (await fetch('/terms.json')).json();
  const main = document.createElement('main');
  main.className = 'terms';
  main.innerHTML = '<h1>' + terms.title + '</h1>' + terms.clauses.map(c => '<p>' + c + '</p>').join('');
  document.getElementById('app').replaceWith(main);
}, 300);
</script></body></html>"""
TERMS = {"title": "Terms of Service",
         "clauses": ["Any dispute will be resolved by binding arbitration.",
                     "We may change these terms at any time without notice."]}
NEVER = b"""<!doctype html><html><body><div id="app">Loading...</div>
<script>/* the app never renders */</script></body></html>"""
STATIC = b"""<!doctype html><html><body><main class="terms"><h1>Privacy Policy</h1>
<p>We collect your e-mail address.</p></main></body></html>"""
PAGES = {"/scripted.html": (SCRIPTED, "text/html"), "/never.html": (NEVER, "text/html"),
         "/static.html": (STATIC, "text/html"),
         "/terms.json": (json.dumps(TERMS).encode(), "application/json")}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        found = PAGES.get(self.path)
        if found is None:
            self.send_error(404)
            return
        body, content_type = found
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def declarations(site, tmp_path):
    folder = tmp_path / "declarations"
    folder.mkdir()
    (folder / "Scriptly.json").write_text(json.dumps({"name": "Scriptly", "terms": {
        "Terms of Service": {"fetch": f"{site}/scripted.html", "select": "main.terms", "executeClientScripts": True},
        "Privacy Policy": {"fetch": f"{site}/static.html", "select": "main.terms"},
        "Community Guidelines": {"fetch": f"{site}/never.html", "select": "main.terms",
                                 "executeClientScripts": True},
    }}))
    return folder


def outcomes(database) -> dict:
    store = Store.open(database)
    try:
        out = {}
        for doc in store.documents():
            current = store.current_version(doc["id"])
            out[doc["terms_type"]] = {"text": current and current["text"],
                                      "errors": [e["kind"] for e in store.fetch_errors(doc["id"])]}
        return out
    finally:
        store.close()


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


def test_scripted_pages_are_rendered_before_extraction(chromium, declarations, tmp_path):
    database = tmp_path / "termswatch.db"
    report = crawl(database, declarations, settings={**LOOPBACK_SETTINGS, "TERMSWATCH_BROWSER": chromium,
                                                     "TERMSWATCH_BROWSER_WAIT": 5})
    found = outcomes(database)
    scripted = found["Terms of Service"]["text"]
    assert "resolved by binding arbitration" in scripted and "Loading" not in scripted
    assert "We collect your e-mail address." in found["Privacy Policy"]["text"]   # static, same crawl
    # a page whose script never shows the selected content is an error, never a version
    assert found["Community Guidelines"] == {"text": None, "errors": ["selector_no_match"]}
    assert report.counts == {"first": 2, "error": 1}


def test_a_second_rendered_capture_records_nothing(chromium, declarations, tmp_path):
    database = tmp_path / "termswatch.db"
    settings = {**LOOPBACK_SETTINGS, "TERMSWATCH_BROWSER": chromium, "TERMSWATCH_BROWSER_WAIT": 5}
    crawl(database, declarations, ["Scriptly"], settings=settings)
    again = crawl(database, declarations, ["Scriptly"], settings=settings)
    assert again.counts == {"unchanged": 2, "error": 1}


def test_without_a_browser_scripted_pages_are_fetched_as_static_html(declarations, tmp_path):
    database = tmp_path / "termswatch.db"
    report = crawl(database, declarations, settings={**LOOPBACK_SETTINGS, "TERMSWATCH_BROWSER": ""})
    found = outcomes(database)
    # the static HTML has only "Loading...": the selector matches nothing, a recorded error
    assert found["Terms of Service"] == {"text": None, "errors": ["selector_no_match"]}
    assert "We collect your e-mail address." in found["Privacy Policy"]["text"]
    assert report.counts == {"first": 1, "error": 2}
