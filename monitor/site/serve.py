"""`serve_site`: the built site over HTTP on this machine, for a look before publishing it.

A plain static file server (the site needs nothing else), with the headers a careful host
would add: a Content-Security-Policy that allows no script at all, and no MIME sniffing.
"""

from __future__ import annotations

import logging
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger(__name__)

POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class SiteRequestHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8",
                      ".xml": "application/atom+xml; charset=utf-8", ".css": "text/css; charset=utf-8"}

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def list_directory(self, path):  # a folder without index.html is not browsable
        self.send_error(404, "Not found")
        return None

    def log_message(self, format: str, *args) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def make_server(out_dir: str | os.PathLike, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``out_dir``, bound but not yet serving (port 0 picks a free port:
    read it from ``server.server_address``)."""
    server = ThreadingHTTPServer((host, port), partial(SiteRequestHandler, directory=os.fspath(out_dir)))
    server.daemon_threads = True
    return server


def serve_site(out_dir: str | os.PathLike, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``out_dir`` until interrupted."""
    with make_server(out_dir, host, port) as server:
        log.info("serving %s on http://%s:%d/", out_dir, *server.server_address[:2])
        server.serve_forever()
