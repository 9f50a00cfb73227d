"""The outbox: every mail is a row in the store before it is sent, and sending works through
the rows that are due.

A row's life::

    queued --claim--> sending --server accepted--> sent
       ^                 |  \\--5xx: rejected for good--> failed
       |                 |
       +--- 4xx, connection trouble: retry later (backoff) ---+
    queued --recipient unsubscribed--> cancelled

Each arrow is its own committed transaction; `monitor.alerts` explains why this gives
exactly-once delivery except in one crash window, and what happens in it.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

import psutil

from ..clock import now_iso, parse_iso, to_iso
from ..store import Store
from .config import SmtpConfig

log = logging.getLogger("termswatch.alerts")

# A row claimed by a process that is still alive is left alone, unless the claim is older
# than this: that process is stuck (every SMTP step has a timeout far shorter than this).
STALE_CLAIM = timedelta(hours=1)

# Headers on one line up to SMTP's limit: Python's folding at 78 columns mangles subjects
# (a leading space, doubled spaces around encoded words) and ours are capped at 140 anyway.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class Mail:
    """A mail to enqueue; the outbox row adds its status and delivery history."""

    kind: str                   # confirm | alert | digest | operator
    dedupe_key: str             # the same mail always gets the same key
    recipient: str
    subject: str
    text: str
    html: str
    message_id: str
    subscription_id: int | None = None
    unsubscribe_token: str | None = None
    unsubscribe_url: str | None = None


def new_message_id(kind: str, domain: str = "termswatch.localhost") -> str:
    return f"<{kind}.{secrets.token_hex(12)}@{domain}>"


def insert_mail(store: Store, mail: Mail, *, now: str) -> int | None:
    """Add ``mail`` to the outbox within the caller's transaction (``with store.db.conn:``).

    Returns the new row's id, or None when a mail with this dedupe key is already there
    (whatever its status): enqueuing is idempotent.
    """
    cursor = store.db.execute(
        "INSERT INTO outbox (dedupe_key, kind, subscription_id, recipient, message_id, subject, body_text, "
        "body_html, unsubscribe_token, unsubscribe_url, status, next_attempt_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
        [mail.dedupe_key, mail.kind, mail.subscription_id, mail.recipient, mail.message_id, mail.subject,
         mail.text, mail.html, mail.unsubscribe_token, mail.unsubscribe_url, now, now])
    return cursor.lastrowid if cursor.rowcount else None


def enqueue(store: Store, mail: Mail, *, now: str | None = None) -> int | None:
    """`insert_mail` in a transaction of its own."""
    with store.db.conn:
        return insert_mail(store, mail, now=now or now_iso())


# -- reading the outbox ----------------------------------------------------------------------

def outbox_rows(store: Store, *, statuses: tuple[str, ...] = ("queued", "sending", "failed"),
                kind: str | None = None) -> list[dict]:
    """Outbox rows with these statuses (by default: everything not delivered), oldest first."""
    where = [f"status IN ({','.join('?' * len(statuses))})"]
    params: list = list(statuses)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    return list(store.query(f"SELECT id, kind, dedupe_key, recipient, subject, message_id, status, attempts, "
                            f"next_attempt_at, last_error, created_at, sent_at FROM outbox "
                            f"WHERE {' AND '.join(where)} ORDER BY id", params))


def retry_failed(store: Store, ids: list[int] | None = None, *, now: str | None = None) -> int:
    """Put failed mails (all, or these ids) back in the queue, e.g. after fixing an address."""
    sql = "UPDATE outbox SET status = 'queued', next_attempt_at = ?, attempts = 0 WHERE status = 'failed'"
    params: list = [now or now_iso()]
    if ids is not None:
        if not ids:
            return 0
        sql += f" AND id IN ({','.join('?' * len(ids))})"
        params += ids
    with store.db.conn:
        return store.db.execute(sql, params).rowcount


# -- sending ---------------------------------------------------------------------------------

@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0             # rejected for good (5xx); the reason is in the row
    deferred: int = 0           # will be retried
    error: str | None = None    # why the batch stopped early (server unreachable, login refused...)

    def summary(self) -> str:
        text = f"{self.sent} sent, {self.deferred} deferred, {self.failed} failed"
        return f"{text} ({self.error})" if self.error else text


class BatchStopped(Exception):
    """The server cannot take any more mail now: retry every remaining row later."""


def send_pending(store: Store, smtp_config: SmtpConfig, *, now: str | None = None,
                 limit: int | None = None) -> DeliveryReport:
    """Send the mails that are due, over one SMTP connection. Never raises for SMTP trouble:
    what could not be sent stays in the outbox, scheduled for a retry, or is marked failed
    when the server rejects it for good."""
    now = now or now_iso()
    report = DeliveryReport()
    _cancel_unwanted(store)
    due = _due_rows(store, now, limit)
    if not due:
        return report
    owner = _this_process()
    try:
        smtp = _connect(smtp_config)
    except (OSError, smtplib.SMTPException) as error:
        report.error = _describe(error, smtp_config)
        for row in due:
            report.deferred += _defer(store, row, smtp_config, now, report.error, attempts=row["attempts"] + 1)
        return report
    try:
        for position, row in enumerate(due):
            claimed = _claim(store, row, owner, now)
            if claimed is None:
                continue  # another sender took it
            try:
                outcome = _send_one(smtp, claimed, smtp_config)
            except BatchStopped as stop:
                report.error = str(stop)
                report.deferred += _defer(store, claimed, smtp_config, now, report.error)
                for untried in due[position + 1:]:
                    report.deferred += _defer(store, untried, smtp_config, now, report.error,
                                              attempts=untried["attempts"] + 1)
                break
            except Exception as error:
                # A bug, not an SMTP problem: don't leave the row stuck in 'sending'.
                _defer(store, claimed, smtp_config, now, f"internal error: {error!r}")
                raise
            if outcome is None:
                _mark(store, claimed, "sent", sent_at=now)
                report.sent += 1
            elif outcome.permanent:
                _mark(store, claimed, "failed", last_error=outcome.reason)
                report.failed += 1
                log.warning("mail %s to %s rejected: %s", claimed["id"], claimed["recipient"], outcome.reason)
            else:
                report.deferred += _defer(store, claimed, smtp_config, now, outcome.reason)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    if report.error:
        log.warning("mail delivery stopped: %s; %d mail(s) will be retried", report.error, report.deferred)
    return report


@dataclass(frozen=True)
class Rejection:
    reason: str
    permanent: bool


def _send_one(smtp: smtplib.SMTP, row: dict, config: SmtpConfig) -> Rejection | None:
    """Hand one mail to the server: None when it was accepted."""
    message = build_message(row, config)
    try:
        smtp.send_message(message, from_addr=config.sender_address, to_addrs=[row["recipient"]])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        return Rejection(_response(code, text), permanent=code >= 500)
    except smtplib.SMTPSenderRefused as error:
        # Our own address refused: every other mail would be too. A configuration problem.
        raise BatchStopped(f"sender {config.sender_address} refused: "
                           f"{_response(error.smtp_code, error.smtp_error)}") from error
    except smtplib.SMTPResponseException as error:
        if error.smtp_code == 421:  # the server is closing the connection
            raise BatchStopped(_response(error.smtp_code, error.smtp_error)) from error
        return Rejection(_response(error.smtp_code, error.smtp_error), permanent=error.smtp_code >= 500)
    except (OSError, smtplib.SMTPException) as error:
        # The connection broke, maybe after the server took the mail: it goes again later,
        # with the same Message-ID.
        raise BatchStopped(_describe(error, config)) from error
    return None


def build_message(row: dict, config: SmtpConfig) -> EmailMessage:
    """The MIME message for an outbox row: multipart/alternative, text then HTML."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = config.sender
    message["To"] = row["recipient"]
    message["Subject"] = row["subject"]
    message["Date"] = format_datetime(parse_iso(row["created_at"]))
    message["Message-ID"] = row["message_id"]
    message["Auto-Submitted"] = "auto-generated"
    if row["unsubscribe_token"]:
        targets = [f"<mailto:{config.sender_address}?subject=unsubscribe%20{row['unsubscribe_token']}>"]
        if row["unsubscribe_url"]:
            targets.append(f"<{row['unsubscribe_url']}>")
        message["List-Unsubscribe"] = ", ".join(targets)
        if (row["unsubscribe_url"] or "").startswith("https://"):
            # RFC 8058 one-click: only meaningful with an https endpoint that unsubscribes on POST
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # quoted-printable: 7-bit safe whatever the server, whatever the captured text
    message.set_content(row["body_text"], cte="quoted-printable")
    message.add_alternative(row["body_html"], subtype="html", cte="quoted-printable")
    return message


# -- the row transitions, each its own transaction --------------------------------------------

def _due_rows(store: Store, now: str, limit: int | None) -> list[dict]:
    """Queued rows whose time has come, and rows a dead (or stuck) sender left in 'sending'."""
    rows = store.query("SELECT * FROM outbox WHERE status IN ('queued', 'sending') AND next_attempt_at <= ? "
                       "ORDER BY next_attempt_at, id", [now])
    stale_before = to_iso(parse_iso(now) - STALE_CLAIM)
    due = []
    for row in rows:
        if row["status"] == "sending" and _alive(row["claimed_by"]) and (row["claimed_at"] or "") > stale_before:
            continue
        due.append(row)
        if limit and len(due) >= limit:
            break
    return due


def _cancel_unwanted(store: Store) -> None:
    """Mails queued for a subscription that has unsubscribed since (`unsubscribe` cancels
    them too; this catches any queued in between)."""
    with store.db.conn:
        store.db.execute("UPDATE outbox SET status = 'cancelled', last_error = 'unsubscribed' WHERE status = 'queued' "
                         "AND subscription_id IN (SELECT id FROM subscriptions WHERE status = 'unsubscribed')")


def _claim(store: Store, row: dict, owner: str, now: str) -> dict | None:
    """Mark the row 'sending' (committed) before the SMTP transaction starts; None if the
    row changed since it was read (another sender claimed it, or it was cancelled)."""
    with store.db.conn:
        cursor = store.db.execute(
            "UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1 "
            "WHERE id = ? AND status = ? AND claimed_by IS ?", [owner, now, row["id"], row["status"],
                                                                 row["claimed_by"]])
    if not cursor.rowcount:
        return None
    return {**row, "status": "sending", "claimed_by": owner, "claimed_at": now, "attempts": row["attempts"] + 1}


def _mark(store: Store, row: dict, status: str, *, sent_at: str | None = None, last_error: str | None = None) -> None:
    with store.db.conn:
        store.db.execute("UPDATE outbox SET status = ?, sent_at = ?, last_error = coalesce(?, last_error), "
                         "claimed_by = NULL, claimed_at = NULL WHERE id = ? AND claimed_by IS ?",
                         [status, sent_at, last_error, row["id"], row["claimed_by"]])


def _defer(store: Store, row: dict, config: SmtpConfig, now: str, reason: str, *,
           attempts: int | None = None) -> int:
    """Back to 'queued', due again after the backoff for its number of attempts. Returns 1
    if the row was deferred, 0 if another sender had changed it meanwhile."""
    attempts = row["attempts"] if attempts is None else attempts
    retry_at = to_iso(parse_iso(now) + timedelta(seconds=config.retry_delay(attempts)))
    with store.db.conn:
        cursor = store.db.execute(
            "UPDATE outbox SET status = 'queued', attempts = ?, next_attempt_at = ?, last_error = ?, "
            "claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = ? AND claimed_by IS ?",
            [attempts, retry_at, reason, row["id"], row["status"], row["claimed_by"]])
    return cursor.rowcount


# -- SMTP and processes ----------------------------------------------------------------------

def _connect(config: SmtpConfig) -> smtplib.SMTP:
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


def _describe(error: BaseException, config: SmtpConfig) -> str:
    """One line for the row's last_error and the log."""
    where = f"{config.host}:{config.port}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"login as {config.username} refused by {where}: {_response(error.smtp_code, error.smtp_error)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{where}: {_response(error.smtp_code, error.smtp_error)}"
    if isinstance(error, ConnectionRefusedError):
        return f"connection refused by {where}"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"{where} timed out"
    if isinstance(error, ssl.SSLError):
        return f"TLS with {where} failed: {error}"
    return f"{where}: {error or type(error).__name__}"


def _response(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"


def _this_process() -> str:
    """``pid:start time``: a pid alone may be reused by another process after a crash."""
    return f"{os.getpid()}:{psutil.Process().create_time():.3f}"


def _alive(owner: str | None) -> bool:
    if not owner:
        return False
    try:
        pid, started = owner.split(":")
        return abs(psutil.Process(int(pid)).create_time() - float(started)) < 0.01
    except (ValueError, psutil.Error):
        return False
