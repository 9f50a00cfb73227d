"""The outbox: every message is a row in the store before it is sent, whatever the channel,
and sending works through the rows that are due.

A row's life::

    queued --claim--> sending --channel delivered--> sent
       ^                 |  \\--refused for good--> failed
       |                 |
       +--- destination down, or "try later": retry later (backoff) ---+
    queued --recipient unsubscribed--> cancelled

Each arrow is its own committed transaction; `monitor.alerts` explains why this gives
exactly-once delivery except in one crash window, and what happens in it. The channel of a
row (`monitor.alerts.channels`) does the sending; the outbox does the rest.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta

import psutil

from ..clock import now_iso, parse_iso, to_iso
from ..store import Store
from .channels import AppriseChannel, Channel, Channels, DeliveryError, EmailChannel, Message, mask_target
from .config import SmtpConfig

log = logging.getLogger("termswatch.alerts")

# A row claimed by a process that is still alive is left alone, unless the claim is older
# than this: that process is stuck (every channel's network step has a timeout far shorter).
STALE_CLAIM = timedelta(hours=1)


@dataclass(frozen=True)
class Mail:
    """A message to enqueue; the outbox row adds its status and delivery history."""

    kind: str                   # confirm | alert | digest | operator
    dedupe_key: str             # the same message always gets the same key
    recipient: str              # the channel's target: an email address, an Apprise URL
    subject: str
    text: str
    html: str
    message_id: str             # the idempotency key every (re)send carries
    subscription_id: int | None = None
    unsubscribe_token: str | None = None
    unsubscribe_url: str | None = None
    channel: str = "email"


def new_message_id(kind: str, domain: str = "termswatch.localhost") -> str:
    return f"<{kind}.{secrets.token_hex(12)}@{domain}>"


def insert_mail(store: Store, mail: Mail, *, now: str) -> int | None:
    """Add ``mail`` to the outbox within the caller's transaction (``with store.transaction():``).

    Returns the new row's id, or None when a message with this dedupe key is already there
    (whatever its status): enqueuing is idempotent.
    """
    return store.insert_mail(mail, now)


def enqueue(store: Store, mail: Mail, *, now: str | None = None) -> int | None:
    """`insert_mail` in a transaction of its own."""
    with store.transaction():
        return insert_mail(store, mail, now=now or now_iso())


# -- reading the outbox ----------------------------------------------------------------------

def outbox_rows(store: Store, *, statuses: tuple[str, ...] = ("queued", "sending", "failed"),
                kind: str | None = None) -> list[dict]:
    """Outbox rows with these statuses (by default: everything not delivered), oldest first.
    ``recipient`` is as it may be shown: an Apprise URL's secrets are masked."""
    rows = store.outbox_rows(statuses, kind)
    return [{**row, "recipient": mask_target(row["channel"], row["recipient"])} for row in rows]


def retry_failed(store: Store, ids: list[int] | None = None, *, now: str | None = None) -> int:
    """Put failed messages (all, or these ids) back in the queue, e.g. after fixing an address."""
    if ids is not None and not ids:
        return 0
    return store.requeue_failed_mail(ids, now or now_iso())


# -- sending ---------------------------------------------------------------------------------

@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0             # refused for good; the reason is in the row
    deferred: int = 0           # will be retried
    error: str | None = None    # why a batch stopped early (server unreachable, login refused...)

    def summary(self) -> str:
        text = f"{self.sent} sent, {self.deferred} deferred, {self.failed} failed"
        return f"{text} ({self.error})" if self.error else text


def send_pending(store: Store, channels: Channels | SmtpConfig, *, now: str | None = None,
                 limit: int | None = None) -> DeliveryReport:
    """Send the messages that are due, each through its channel. Never raises for delivery
    trouble: what could not be sent stays in the outbox, scheduled for a retry, or is marked
    failed when its destination refuses it for good.

    ``channels`` may be a bare `SmtpConfig`: then email goes through it and every other
    channel runs with its defaults.
    """
    if isinstance(channels, SmtpConfig):
        channels = default_channels(channels)
    now = now or now_iso()
    report = DeliveryReport()
    _cancel_unwanted(store)
    due = _due_rows(store, now, limit)
    owner = _this_process()
    down: dict[tuple[str, str], str] = {}   # (channel, batch key) found down this round -> why
    try:
        for row in due:
            channel = channels.get(row["channel"])
            if channel is None:
                continue  # disabled in the config: the row waits until it is enabled again
            batch = (row["channel"], channel.batch_key(row["recipient"]))
            if batch in down:  # not tried: counted as an attempt, so its backoff grows alike
                report.deferred += _defer(store, row, channel, now, down[batch], attempts=row["attempts"] + 1)
                continue
            claimed = _claim(store, row, owner, now)
            if claimed is None:
                continue  # another sender took it
            try:
                channel.send(Message.from_row(claimed))
            except DeliveryError as error:
                if error.permanent:
                    _mark(store, claimed, "failed", last_error=error.reason)
                    report.failed += 1
                    log.warning("message %s to %s refused: %s", claimed["id"],
                                mask_target(claimed["channel"], claimed["recipient"]), error.reason)
                    continue
                report.deferred += _defer(store, claimed, channel, now, error.reason)
                if error.stops_batch:
                    down[batch] = report.error = error.reason
                continue
            except Exception as error:
                # A bug, not a delivery problem: don't leave the row stuck in 'sending'.
                _defer(store, claimed, channel, now, f"internal error: {error!r}")
                raise
            _mark(store, claimed, "sent", sent_at=now)
            report.sent += 1
    finally:
        channels.close()
    if report.error:
        log.warning("delivery stopped: %s; %d message(s) will be retried", report.error, report.deferred)
    return report


def default_channels(smtp: SmtpConfig) -> Channels:
    """Email through ``smtp``; every other registered channel with its defaults."""
    return Channels({"email": EmailChannel(smtp), "apprise": AppriseChannel()})


# -- the row transitions, each its own transaction --------------------------------------------

def _due_rows(store: Store, now: str, limit: int | None) -> list[dict]:
    """Queued rows whose time has come, and rows a dead (or stuck) sender left in 'sending'."""
    rows = store.mail_due(now)
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
    store.cancel_mail_to_unsubscribed()


def _claim(store: Store, row: dict, owner: str, now: str) -> dict | None:
    """Mark the row 'sending' (committed) before the channel starts sending; None if the
    row changed since it was read (another sender claimed it, or it was cancelled)."""
    if not store.claim_mail(row, owner, now):
        return None
    return {**row, "status": "sending", "claimed_by": owner, "claimed_at": now, "attempts": row["attempts"] + 1}


def _mark(store: Store, row: dict, status: str, *, sent_at: str | None = None, last_error: str | None = None) -> None:
    store.mark_mail(row, status, sent_at=sent_at, last_error=last_error)


def _defer(store: Store, row: dict, channel: Channel, now: str, reason: str, *,
           attempts: int | None = None) -> int:
    """Back to 'queued', due again after the backoff for its number of attempts. Returns 1
    if the row was deferred, 0 if another sender had changed it meanwhile."""
    attempts = row["attempts"] if attempts is None else attempts
    retry_at = to_iso(parse_iso(now) + timedelta(seconds=channel.retry_delay(attempts)))
    return store.defer_mail(row, attempts=attempts, retry_at=retry_at, reason=reason)


# -- processes -------------------------------------------------------------------------------

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
