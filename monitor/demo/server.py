"""The demo fixture web server: invented services whose terms evolve over simulated days.

In a test or a script::

    with DemoServer(port=0) as server:        # port 0: any free port
        server.base_url                       # "http://127.0.0.1:PORT"
        server.set_day(3)                     # pages now show their day-3 text

As a process (for benchmarks, so the server does not share the crawler's GIL)::

    python -m monitor.demo.server --port 0 --bulk 1000 --changing-share 0.01
    # prints its base URL on the first line, then serves until killed;
    # curl -X POST http://127.0.0.1:PORT/__demo/day/3 moves it to day 3

What it serves (see `SCENARIO` for the story and the expected verdicts):

- ``/<service>/...``: the Terms of Service and Privacy Policy of the invented services;
- ``/bulk/<i>/terms`` (even i) and ``/bulk/<i>/privacy`` (odd i): synthetic documents;
- ``/hostile/...``: error statuses, a timeout, a redirect loop, a PDF, a 12 MB body...;
- ``/robots.txt``: allows everything unless paths were disallowed;
- ``/__demo/...``: control endpoints, loopback clients only.

Every page has an ETag and a Last-Modified that change only when its bytes change (daily
noise changes them once per simulated day), and conditional requests get 304.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import re
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from . import hostile
from .legal import PROFILES
from .pages import bulk_page, doc_path, scenario_page, token
from .scenario import DOCUMENT_TYPES, day_time

log = logging.getLogger(__name__)

HUGE_BYTES = 12 * 1024 * 1024     # over the crawler's 10 MB cap
DEFAULT_TIMEOUT_WAIT = 600.0      # seconds /hostile/timeout keeps a request hanging


@dataclass(frozen=True)
class Page:
    """A ready-to-send response body with its validators."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    since_day: int = 0             # the simulated day these exact bytes first appeared
    status: int = 200
    extra_headers: tuple = ()

    @cached_property          # pages are cached, so each hash is computed once
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'

    @cached_property
    def last_modified(self) -> str:
        return format_datetime(day_time(self.since_day), usegmt=True)


class DemoServer:
    """The fixture server, serving from a background thread.

    ``bulk`` synthetic documents are rendered up front; ``changing_share`` of them (at least
    one if the share is not 0) change their text every simulated day, the others never change
    (so a re-crawl of them gets 304s). ``disallow`` lists paths robots.txt forbids.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, day: int = 0, bulk: int = 0,
                 changing_share: float = 0.0, disallow: tuple[str, ...] | list[str] = (),
                 latency: float = 0.0):
        if day < 0 or bulk < 0 or not 0.0 <= changing_share <= 1.0:
            raise ValueError("day and bulk must be >= 0 and changing_share within [0, 1]")
        self.host, self.port = host, port
        self.bulk, self.changing_share = bulk, changing_share
        self.disallow = list(disallow)
        self.latency = latency     # seconds to wait before answering, like a distant server
        self._day = day
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._pages: dict[tuple[str, int], Page] = {}     # scenario pages by (path, day)
        self._bulk_stable: dict[int, Page] = {}
        self._bulk_day: dict[int, Page] = {}              # changing bulk pages, current day only
        self._routes = {doc_path(profile, terms_type): (profile.id, terms_type)
                        for profile in PROFILES.values() for terms_type in DOCUMENT_TYPES}
        self.changing = self._pick_changing()
        self.counts: dict[str, int] = {"requests": 0, "not_modified": 0}   # approximate (no lock)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "DemoServer":
        if self._thread:
            return self
        for index in range(self.bulk):           # render before serving: fetches stay cheap
            self.bulk_document(index)
        self._httpd = _HTTPServer((self.host, self.port), _Handler)
        self._httpd.demo = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"demo-server-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; hanging requests and idle keep-alive connections end at once."""
        if not self._thread:
            return
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        self._thread = None

    def __enter__(self) -> "DemoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, service: str, terms_type: str) -> str:
        """The URL of a scenario document, e.g. ``url("Chirper", "Terms of Service")``."""
        return self.base_url + doc_path(PROFILES[service], terms_type)

    # -- simulated time ----------------------------------------------------------------------

    @property
    def day(self) -> int:
        return self._day

    def set_day(self, day: int) -> None:
        if day < 0:
            raise ValueError("day must be >= 0")
        with self._lock:
            if day != self._day:
                self._day = day
                # Only the current day is kept: a soak test runs hundreds of days.
                self._pages = {}
                self._bulk_day = {}

    # -- content -----------------------------------------------------------------------------

    def _pick_changing(self) -> frozenset[int]:
        if not self.bulk or not self.changing_share:
            return frozenset()
        count = max(1, round(self.bulk * self.changing_share))
        return frozenset(random.Random(f"changing-{self.bulk}").sample(range(self.bulk), count))

    def scenario_page(self, path: str, day: int) -> Page | None:
        route = self._routes.get(path)
        if route is None:
            return None
        page = self._pages.get((path, day))
        if page is None:
            # Daily noise makes every day's bytes new, so they date from that day.
            page = Page(scenario_page(*route, day).encode(), since_day=day)
            self._pages[(path, day)] = page
        return page

    def bulk_document(self, index: int, day: int = 0) -> Page:
        if index in self.changing and day > 0:
            page = self._bulk_day.get(index)
            if page is None:
                page = Page(bulk_page(index, revision=day).encode(), since_day=day)
                self._bulk_day[index] = page
            return page
        page = self._bulk_stable.get(index)
        if page is None:
            page = Page(bulk_page(index).encode(), since_day=0)
            self._bulk_stable[index] = page
        return page

    def robots_txt(self) -> bytes:
        rules = "".join(f"Disallow: {path}\n" for path in self.disallow) or "Disallow:\n"
        return f"# Termswatch demo server\nUser-agent: *\n{rules}".encode()

    def state(self) -> dict:
        return {"day": self._day, "bulk": self.bulk, "changing_share": self.changing_share,
                "changing": sorted(self.changing), "disallow": self.disallow, **self.counts}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256          # the benchmark opens many connections at once
    demo: DemoServer

    def __init__(self, *args, **kwargs):
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request_thread(self, request, client_address):
        with self._open_lock:
            self._open.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)

    def close_connections(self) -> None:
        with self._open_lock:
            for sock in list(self._open):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def handle_error(self, request, client_address):
        # A client hanging up mid-response (the 12 MB body, a crawler timeout) is normal here.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


_BULK = re.compile(r"^/bulk/(\d+)/(terms|privacy)$")
_DAY = re.compile(r"^/__demo/day/(\d+)$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"          # keep-alive
    server_version = "DemoHTTP/1.0"
    sys_version = ""
    disable_nagle_algorithm = True         # headers and body go out without a 40 ms stall
    timeout = 120                          # idle keep-alive connections are closed after this
    server: _HTTPServer

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        log.debug("%s %s", self.address_string(), format % args)

    @property
    def demo(self) -> DemoServer:
        return self.server.demo

    # -- dispatch ----------------------------------------------------------------------------

    def do_HEAD(self):
        self._get(head=True)

    def do_GET(self):
        self._get(head=False)

    def do_POST(self):
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if not path.startswith("/__demo/"):
            return self._send(Page(hostile.error_page(405, "Method Not Allowed"), status=405))
        if not self._from_loopback():
            return self._send(Page(hostile.error_page(403, "Forbidden"), status=403))
        if match := _DAY.match(path):
            self.demo.set_day(int(match.group(1)))
            return self._json(self.demo.state())
        if path == "/__demo/disallow":
            try:
                paths = json.loads(body or b"[]")
                assert isinstance(paths, list) and all(isinstance(p, str) for p in paths)
            except (ValueError, AssertionError):
                return self._send(Page(b'{"error": "expected a JSON list of paths"}',
                                       "application/json", status=400))
            self.demo.disallow = paths
            return self._json(self.demo.state())
        self._send(Page(hostile.error_page(404, "Not Found"), status=404))

    def _get(self, head: bool) -> None:
        self.demo.counts["requests"] += 1
        if self.demo.latency:
            time.sleep(self.demo.latency)
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        day = self.demo.day
        if path.startswith("/hostile/"):
            return self._hostile(path, query, head)
        if path == "/__demo/state":
            return self._json(self.demo.state(), head)
        page = self.demo.scenario_page(path, day)
        if page is None and (match := _BULK.match(path)):
            index = int(match.group(1))
            if index < self.demo.bulk and match.group(2) == ("terms" if index % 2 == 0 else "privacy"):
                page = self.demo.bulk_document(index, day)
        if page is None and path == "/robots.txt":
            page = Page(self.demo.robots_txt(), "text/plain; charset=utf-8")
        if page is None and path == "/":
            page = Page(_index_page(), since_day=0)
        if page is None:
            page = Page(hostile.error_page(404, "Not Found"), status=404)
        self._send(page, head)

    # -- hostile endpoints -------------------------------------------------------------------

    def _hostile(self, path: str, query: dict, head: bool) -> None:
        if path == "/hostile/not-found":
            return self._send(Page(hostile.error_page(404, "Not Found"), status=404), head)
        if path == "/hostile/server-error":
            return self._send(Page(hostile.error_page(500, "Internal Server Error"), status=500), head)
        if path == "/hostile/timeout":
            seconds = float(query.get("seconds", [DEFAULT_TIMEOUT_WAIT])[0])
            if self.demo.stopping.wait(seconds):
                self.close_connection = True
                return None
            return self._send(Page(b"<html><body><p>Finally.</p></body></html>"), head)
        if path in ("/hostile/redirect-loop", "/hostile/redirect-loop/b"):
            target = "/hostile/redirect-loop" if path.endswith("/b") else "/hostile/redirect-loop/b"
            return self._send(Page(b"", status=302, extra_headers=(("Location", target),)), head)
        if path == "/hostile/empty":
            return self._send(Page(b""), head)
        if path == "/hostile/no-match":
            return self._send(Page(_cached("no-match", hostile.no_match_page)), head)
        if path == "/hostile/terms.pdf":
            return self._send(Page(_cached("pdf", hostile.terms_pdf), "application/pdf"), head)
        if path == "/hostile/huge":
            return self._stream_huge(head)
        if path == "/hostile/binary":
            return self._send(Page(_cached("binary", hostile.binary_noise)), head)
        if path == "/hostile/latin1":
            return self._send(Page(_cached("latin1", hostile.latin1_page), "text/html"), head)
        if path in ("/hostile/bot-wall", "/hostile/bot-wall-200"):
            status = 200 if path.endswith("-200") else int(query.get("status", ["403"])[0])
            ray = token("ray", self.demo.day, length=16)
            headers = (("Server", "cloudflare"), ("cf-mitigated", "challenge"), ("CF-RAY", f"{ray}-AMS"),
                       ("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate"))
            return self._send(Page(hostile.bot_wall_page(ray), status=status, extra_headers=headers), head)
        self._send(Page(hostile.error_page(404, "Not Found"), status=404), head)

    def _stream_huge(self, head: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        try:
            for chunk in hostile.huge_chunks(HUGE_BYTES):
                if self.demo.stopping.is_set():
                    return
                self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except (ConnectionError, TimeoutError):
            pass  # the client gave up at its size cap, as it should

    # -- responses ---------------------------------------------------------------------------

    def _send(self, page: Page, head: bool = False) -> None:
        validators = page.status == 200
        if validators and self._not_modified(page):
            self.demo.counts["not_modified"] += 1
            self.send_response(304)
            self.send_header("ETag", page.etag)
            self.send_header("Last-Modified", page.last_modified)
            self.end_headers()
            return
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        if validators:
            self.send_header("ETag", page.etag)
            self.send_header("Last-Modified", page.last_modified)
            self.send_header("Cache-Control", "no-cache")
        for name, value in page.extra_headers:
            self.send_header(name, value)
        self.end_headers()
        if not head and page.body:
            self.wfile.write(page.body)

    def _not_modified(self, page: Page) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since only when it is absent."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            return "*" in tags or page.etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                return day_time(page.since_day) <= parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
        return False

    def _json(self, data: dict, head: bool = False) -> None:
        """A 200 JSON response without validators: live state is never answered with 304."""
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _from_loopback(self) -> bool:
        host = self.client_address[0]
        return host == "::1" or host.startswith("127.")


_STATIC: dict[str, bytes] = {}


def _cached(name: str, build) -> bytes:
    if name not in _STATIC:
        _STATIC[name] = build()
    return _STATIC[name]


def _index_page() -> bytes:
    items = "".join(
        f'<li>{profile.name} ({profile.sector}): '
        + ", ".join(f'<a href="{doc_path(profile, t)}">{t}</a>' for t in DOCUMENT_TYPES) + "</li>"
        for profile in PROFILES.values())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Termswatch demo server</title>"
            f"</head><body><h1>Termswatch demo server</h1><p>Invented services:</p><ul>{items}</ul>"
            f"</body></html>").encode()


# -- command line ----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monitor.demo.server",
        description="Serve the Termswatch demo fixture sites. Prints the base URL on the first "
                    "line of stdout, then serves until interrupted. POST /__demo/day/N (from "
                    "127.0.0.1) changes the simulated day.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 (default): any free port")
    parser.add_argument("--day", type=int, default=0, help="the simulated day to start at")
    parser.add_argument("--bulk", type=int, default=0, help="number of synthetic documents")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds to wait before each answer (a distant server)")
    parser.add_argument("--changing-share", type=float, default=0.0,
                        help="share of bulk documents whose text changes every day (e.g. 0.01)")
    parser.add_argument("--disallow", action="append", default=[], metavar="PATH",
                        help="a path robots.txt disallows (repeatable)")
    args = parser.parse_args(argv)
    server = DemoServer(host=args.host, port=args.port, day=args.day, bulk=args.bulk, latency=args.latency,
                        changing_share=args.changing_share, disallow=args.disallow)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    server.start()
    print(server.base_url, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
