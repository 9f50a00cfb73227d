"""A loopback HTTP server for capture tests whose pages the test sets and whose requests it
counts: each path serves its bytes (optionally with an ETag, answering 304 to a matching
If-None-Match), or an HTTP error status."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class PageServer:
    def __init__(self):
        self.pages: dict[str, tuple[int, bytes, bool]] = {}   # path -> (status, body, etag?)
        self.requests: Counter = Counter()                     # path -> requests received
        self.not_modified: Counter = Counter()                 # path -> 304s answered
        self.times: dict[str, list[float]] = defaultdict(list)  # path -> time.monotonic() of each request
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                with server.lock:
                    server.requests[path] += 1
                    server.times[path].append(time.monotonic())
                    status, body, etag = server.pages.get(path, (404, b"not here", False))
                if path == "/robots.txt":
                    status, body, etag = 200, b"User-agent: *\nAllow: /\n", False
                tag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
                if status == 200 and etag and self.headers.get("If-None-Match") == tag:
                    with server.lock:
                        server.not_modified[path] += 1
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", tag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def set(self, path: str, body: str | bytes | None = None, *, status: int = 200, etag: bool = False) -> None:
        data = body.encode() if isinstance(body, str) else (body or b"")
        with self.lock:
            self.pages[path] = (status, data, etag)

    def count(self, path: str) -> int:
        with self.lock:
            return self.requests[path]

    def __enter__(self) -> "PageServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def terms_page(title: str, paragraphs: int = 6, extra: str = "") -> str:
    body = "".join(f"<p>Clause {i} of the {title}: we keep your data only as long as the law requires.</p>"
                   for i in range(paragraphs))
    return f"<html><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}{extra}</main></body></html>"
