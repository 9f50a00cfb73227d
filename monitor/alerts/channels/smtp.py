"""The email channel: alerts as MIME mail over one SMTP connection per round.

Its idempotency key is the Message-ID header, fixed when the row was queued: a mail resent
after a crash is recognisably the same mail (many mail systems and clients drop or hide a
duplicate Message-ID). Subscribers confirm their address before anything but the
confirmation mail goes to it.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Mapping

from ...clock import parse_iso
from ...config import ConfigError
from ..addresses import AddressError, normalise_address
from ..config import SmtpConfig
from . import Channel, Message, PermanentDeliveryError, TargetError, TemporaryDeliveryError

# Headers on one line up to SMTP's limit: Python's folding at 78 columns mangles subjects
# (a leading space, doubled spaces around encoded words) and ours are capped at 140 anyway.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


class EmailChannel(Channel):
    kind = "email"
    needs_confirmation = True

    def __init__(self, smtp: SmtpConfig):
        self.smtp = smtp
        self.retry_initial = smtp.retry_initial
        self.retry_max = smtp.retry_max
        self._connection: smtplib.SMTP | None = None

    @classmethod
    def accepts(cls, target: str) -> bool:
        return "://" not in target and "@" in target

    @classmethod
    def normalise(cls, target: str) -> str:
        try:
            return normalise_address(target)
        except AddressError as error:
            raise TargetError(str(error)) from None

    @classmethod
    def from_config(cls, config, table: Mapping, environ: Mapping[str, str] | None = None) -> "EmailChannel":
        # The SMTP settings keep their own [smtp] table (and TERMSWATCH_SMTP_* variables).
        if table:
            raise ConfigError(config.source, f"channels.email.{sorted(table)[0]}",
                              "unknown key (the email channel is set up in [smtp]; here only 'enabled')")
        return cls(SmtpConfig.from_mapping(config.smtp, environ, source=config.source))

    def batch_key(self, target: str) -> str:
        return "smtp"  # one server takes every mail: when it is down, it is down for all

    def send(self, message: Message) -> None:
        if self._connection is None:
            try:
                self._connection = connect(self.smtp)
            except (OSError, smtplib.SMTPException) as error:
                raise TemporaryDeliveryError(describe(error, self.smtp), stops_batch=True) from error
        try:
            self._connection.send_message(build_message(message, self.smtp), from_addr=self.smtp.sender_address,
                                          to_addrs=[message.target])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise _rejection(code, text) from error
        except smtplib.SMTPSenderRefused as error:
            # Our own address refused: every other mail would be too. A configuration problem.
            raise TemporaryDeliveryError(f"sender {self.smtp.sender_address} refused: "
                                         f"{response(error.smtp_code, error.smtp_error)}", stops_batch=True) from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code == 421:  # the server is closing the connection
                self._drop_connection()
                raise TemporaryDeliveryError(response(error.smtp_code, error.smtp_error), stops_batch=True) from error
            raise _rejection(error.smtp_code, error.smtp_error) from error
        except (OSError, smtplib.SMTPException) as error:
            # The connection broke, maybe after the server took the mail: it goes again
            # later, with the same Message-ID.
            self._drop_connection()
            raise TemporaryDeliveryError(describe(error, self.smtp), stops_batch=True) from error

    def close(self) -> None:
        if self._connection is None:
            return
        try:
            self._connection.quit()
        except (OSError, smtplib.SMTPException):
            self._connection.close()
        self._connection = None

    def _drop_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _rejection(code: int, text) -> Exception:
    error_class = PermanentDeliveryError if code >= 500 else TemporaryDeliveryError
    return error_class(response(code, text))


def build_message(message: Message, config: SmtpConfig) -> EmailMessage:
    """The MIME message for an outbox row: multipart/alternative, text then HTML."""
    mail = EmailMessage(policy=MAIL_POLICY)
    mail["From"] = config.sender
    mail["To"] = message.target
    mail["Subject"] = message.subject
    mail["Date"] = format_datetime(parse_iso(message.created_at))
    mail["Message-ID"] = message.message_id
    mail["Auto-Submitted"] = "auto-generated"
    if message.unsubscribe_token:
        targets = [f"<mailto:{config.sender_address}?subject=unsubscribe%20{message.unsubscribe_token}>"]
        if message.unsubscribe_url:
            targets.append(f"<{message.unsubscribe_url}>")
        mail["List-Unsubscribe"] = ", ".join(targets)
        if (message.unsubscribe_url or "").startswith("https://"):
            # RFC 8058 one-click: only meaningful with an https endpoint that unsubscribes on POST
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # quoted-printable: 7-bit safe whatever the server, whatever the captured text
    mail.set_content(message.text, cte="quoted-printable")
    mail.add_alternative(message.html, subtype="html", cte="quoted-printable")
    return mail


def connect(config: SmtpConfig) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=config.ca_file or None)
    if config.security == "tls":
        smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    else:
        smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    try:
        if config.security == "starttls":
            smtp.starttls(context=context)  # refuses to go on in clear if the server can't
        if config.username:
            smtp.login(config.username, config.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def describe(error: BaseException, config: SmtpConfig) -> str:
    """One line for the row's last_error and the log."""
    where = f"{config.host}:{config.port}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"login as {config.username} refused by {where}: {response(error.smtp_code, error.smtp_error)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{where}: {response(error.smtp_code, error.smtp_error)}"
    if isinstance(error, ConnectionRefusedError):
        return f"connection refused by {where}"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"{where} timed out"
    if isinstance(error, ssl.SSLError):
        return f"TLS with {where} failed: {error}"
    return f"{where}: {error or type(error).__name__}"


def response(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"
