"""Real receivers on loopback for the alert tests: an SMTP server (aiosmtpd) and a JSON
webhook server (for Apprise's json://). Each keeps what it receives and can be stopped and
started again on the same port, to play "down, then up"."""

from __future__ import annotations

import socket
from collections import Counter
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps what it receives, and can refuse recipients."""

    def __init__(self):
        self.messages = []           # email.message.EmailMessage, in arrival order
        self.envelopes = []          # (mail_from, rcpt_tos, over_tls, authenticated_as)
        self.refuse: dict[str, str] = {}
        self.on_data = None          # called with each message before the server answers DATA

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        self.messages.append(message)
        login = session.auth_data.login.decode() if session.authenticated and session.auth_data else None
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), session.ssl is not None, login))
        if self.on_data:
            self.on_data(message)
        return "250 Message accepted for delivery"

    def message_ids(self) -> Counter:
        return Counter(m["Message-ID"] for m in self.messages)

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    """aiosmtpd on a fixed loopback port, which can be stopped and started again."""

    def __init__(self, **smtp_options):
        self.inbox = Inbox()
        self.port = free_port()
        self.smtp_options = smtp_options
        self.controller = None

    def start(self) -> "MailServer":
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **self.smtp_options)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


# -- a JSON webhook receiver, for the Apprise channel (json://127.0.0.1:PORT/path) -----------

class WebhookReceiver:
    """A real HTTP server on a fixed loopback port that keeps every POST it receives (path,
    headers, JSON body), answers ``status`` (200 unless told otherwise), and can be stopped
    and started again to play "receiver down, then up"."""

    def __init__(self):
        self.port = free_port()
        self.received: list[dict] = []      # {"path", "headers", "json"}, in arrival order
        self.status = 200
        self.on_request = None              # called with each request before the answer
        self._server = None
        self._thread = None

    def start(self) -> "WebhookReceiver":
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = {"path": self.path, "headers": dict(self.headers), "json": json.loads(body or b"null")}
                receiver.received.append(request)
                if receiver.on_request:
                    receiver.on_request(request)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, path: str = "hook") -> str:
        """The Apprise URL that posts JSON to ``path`` on this receiver."""
        return f"json://127.0.0.1:{self.port}/{path}"

    def to(self, path: str) -> list[dict]:
        return [r for r in self.received if r["path"].split("?")[0] == f"/{path}"]

    def keys(self) -> Counter:
        """How many times each idempotency key arrived."""
        return Counter(r["headers"].get("Idempotency-Key") for r in self.received)
