"""Extraction within a budget: a document over its time or its length is a recorded error
(``extraction_timeout`` / ``too_large``), its work really stops, and the other documents go
on. Real worker processes, a real Scrapy crawl over HTTP on 127.0.0.1 (in which a bot wall
inside a short selected element is an error too, and a short genuine document a version)."""

from __future__ import annotations

import io
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monitor.capture import LOOPBACK_SETTINGS, crawl
from monitor.declarations import DocumentDeclaration, PageDeclaration
from monitor.extract import ExtractionError, Page
from monitor.extract.budget import ExtractionBudget, ExtractionWorkers
from monitor.reextract import reextract
from monitor.store import Store
from monitor.versions import ExtractionSettings

CLAUSE = b"(We may change these terms at any time. ) Tj "   # 39 characters of text


def pdf_bomb(pages: int, clauses_per_page: int) -> bytes:
    """A small PDF whose compressed content streams expand to ``39 * clauses_per_page``
    characters of text a page (400,000 clauses: ~16 million characters from ~54 KB)."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 720 Td " + CLAUSE * clauses_per_page + b"ET", 9)
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for n in range(pages):
        page_id, content_id = 4 + 2 * n, 5 + 2 * n
        objects[content_id] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id)
        kids.append(b"%d 0 R" % page_id)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref, size = out.tell(), max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.write(b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size)))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


# ~40 s of pypdf on one page (idle machine); 20 pages of 3,900 characters; 5 MB of links
# that take lxml and the renderer ~4 s; and an ordinary page.
BOMB = pdf_bomb(1, 400_000)
LONG_PDF = pdf_bomb(20, 100)
SLOW_HTML = b"<main>" + b"<div><p>Clause <a href='/x?a=1'>link</a> text.</p></div>" * 90_000 + b"</main>"
OK_HTML = b"<html><body><nav>Menu</nav><main><h1>Terms</h1><p>Be nice to each other.</p></main></body></html>"
FOOTER = b"<footer>" + b"<p>Company information, offices, press, careers and investors.</p>" * 60 + b"</footer>"
WALL_HTML = (b"<html><body><nav>Menu</nav><main><h1>One more step</h1><p>Please verify you are a human.</p>"
             b"<div class='h-captcha' data-sitekey='x'></div></main>" + FOOTER + b"</body></html>")
PAGES = {"/wall.html": (WALL_HTML, "text/html"), "/forbidden.pdf": (BOMB, "application/pdf"),
         "/bomb.pdf": (BOMB, "application/pdf"), "/long.pdf": (LONG_PDF, "application/pdf"),
         "/slow.html": (SLOW_HTML, "text/html"), "/ok.html": (OK_HTML, "text/html")}
URL = "https://example.com/terms.pdf"


def worker_processes() -> set[int]:
    """Extraction workers alive: the processes the fork server started (its children)."""
    import psutil

    return {child.pid for server in psutil.Process().children()
            if "forkserver" in " ".join(server.cmdline()) for child in server.children()
            if child.status() != psutil.STATUS_ZOMBIE}


def declaration(url: str = URL) -> DocumentDeclaration:
    return DocumentDeclaration("ex", "Terms of Service", (PageDeclaration(fetch=url),))


def test_a_pdf_bomb_is_stopped_at_the_time_budget_and_the_worker_replaced():
    assert len(BOMB) < 64_000   # for ~16 million characters
    with ExtractionWorkers(ExtractionBudget(timeout=1.0, max_chars=10_000_000), size=1) as workers:
        started = time.monotonic()
        with pytest.raises(ExtractionError) as caught:
            workers.extract([Page(BOMB, URL, "application/pdf")], declaration())
        elapsed = time.monotonic() - started
        assert caught.value.kind == "extraction_timeout" and URL in caught.value.reason
        assert elapsed < 8, elapsed           # left alone, pypdf takes ~40 s on this one
        assert worker_processes() == set()    # the busy worker was killed, not left running
        # the next document gets a fresh worker
        assert workers.extract([Page(OK_HTML, URL, "text/html")], declaration()) == "Terms\n=====\n\nBe nice to each other."


def test_a_pdf_over_the_length_cap_stops_at_the_first_page_past_it():
    with ExtractionWorkers(ExtractionBudget(timeout=60, max_chars=10_000), size=1) as workers:
        with pytest.raises(ExtractionError) as caught:
            workers.extract([Page(LONG_PDF, URL, "application/pdf")], declaration())
    assert caught.value.kind == "too_large"
    assert "by page 3 of 20" in caught.value.reason and "10,000" in caught.value.reason


def test_html_text_over_the_length_cap_is_too_large():
    with ExtractionWorkers(ExtractionBudget(timeout=60, max_chars=20), size=1) as workers:
        with pytest.raises(ExtractionError) as caught:
            workers.extract([Page(OK_HTML, URL, "text/html")], declaration())
    assert caught.value.kind == "too_large" and "over the cap of 20" in caught.value.reason


@pytest.mark.parametrize("settings", [{"TERMSWATCH_EXTRACT_TIMEOUT": 0}, {"TERMSWATCH_EXTRACT_MAX_CHARS": "many"}])
def test_a_bad_budget_setting_is_refused(settings):
    with pytest.raises(ValueError, match="must be positive numbers"):
        ExtractionBudget.from_settings(settings)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path not in PAGES:
            self.send_error(404)
            return
        body, content_type = PAGES[self.path]
        self.send_response(403 if self.path.startswith("/forbidden") else 200)
        self.send_header("Content-Type", content_type)
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


@pytest.mark.slow
def test_a_crawl_records_budget_errors_and_captures_the_other_documents(site, tmp_path):
    folder = tmp_path / "declarations"
    folder.mkdir()
    (folder / "Bombs.json").write_text(json.dumps({"name": "Bombs", "terms": {
        "Terms of Service": {"fetch": f"{site}/ok.html", "select": "main"},
        "Privacy Policy": {"fetch": f"{site}/bomb.pdf"},
        "Community Guidelines": {"fetch": f"{site}/slow.html", "select": "main"},
        "Cookies Policy": {"fetch": f"{site}/long.pdf"},
        "Trackers Policy": {"fetch": f"{site}/wall.html", "select": "main"},
        # an error status whose body is the bomb: never read outside the budget
        "Seller Warranty": {"fetch": f"{site}/forbidden.pdf"},
    }}))
    database = tmp_path / "termswatch.db"
    # 3 s: time enough for the ordinary pages on a busy machine, never for the bomb or the 5 MB page
    settings = {**LOOPBACK_SETTINGS, "TERMSWATCH_EXTRACT_TIMEOUT": 3.0, "TERMSWATCH_EXTRACT_MAX_CHARS": 10_000}
    report = crawl(database, folder, settings=settings)
    assert report.counts == {"first": 1, "error": 5}
    assert report.elapsed < 25    # the bomb alone keeps pypdf busy for ~40 s
    store = Store.open(database)
    try:
        found = {doc["terms_type"]: ([e["kind"] for e in store.fetch_errors(doc["id"])], store.versions(doc["id"]))
                 for doc in store.documents()}
        assert found["Privacy Policy"] == (["extraction_timeout"], [])
        # the 5 MB page is also over the length cap: which limit stops it first depends on the
        # machine's speed; either way nothing is recorded from it
        assert found["Community Guidelines"] in ((["extraction_timeout"], []), (["too_large"], []))
        assert found["Cookies Policy"] == (["too_large"], [])
        assert found["Trackers Policy"] == (["bot_wall"], [])
        assert found["Seller Warranty"] == (["http_status"], [])
        errors, versions = found["Terms of Service"]
        assert errors == [] and [v["kind"] for v in versions] == ["first"]

        # re-extraction obeys the same limits: the snapshots are kept, the errors reported
        again = reextract(store, extraction=ExtractionSettings(budget=ExtractionBudget(timeout=3.0, max_chars=10_000)))
        kinds = sorted(e["kind"] for e in again.errors)
        # the 5 MB page is over the length cap too: whether the time or the cap stops it first
        # depends on the machine's speed, and either way nothing is recorded from it
        assert kinds in (["bot_wall", "extraction_timeout", "extraction_timeout", "too_large"],
                         ["bot_wall", "extraction_timeout", "too_large", "too_large"]), kinds
        assert again.unchanged == 1
    finally:
        store.close()
