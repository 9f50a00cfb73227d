"""A real SMTP server on loopback (aiosmtpd) for the tests: it keeps what it receives and can
be stopped and started again on the same port, to play "SMTP down, then up"."""

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
