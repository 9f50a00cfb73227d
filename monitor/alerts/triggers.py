"""What puts mails in the outbox: new reportable changes, and documents that keep failing.

Both are catch-ups over the store, like the rest of the pipeline: they look at what the
store says now and queue whatever mail it calls for that is not queued yet. Running them
twice, or after a crash at any point, queues nothing twice: each mail has a dedupe key, and
the row saying "this subscriber was told about this change" (``alerted_versions``) is written
in the same transaction as the mail.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from ..clock import now_iso, parse_iso, to_iso
from ..site.data import load_taxonomy
from ..store import Store
from ..views import change_view
from .channels import Channels, normalise_target
from .compose import alert_mail, digest_mail, operator_mail
from .config import MailSettings
from .outbox import DeliveryReport, Mail, insert_mail, new_message_id, send_pending
from .subscriptions import list_subscriptions

log = logging.getLogger("termswatch.alerts")


def queue_alerts(store: Store, settings: MailSettings | None = None, *, now: str | None = None) -> int:
    """Queue the alerts the active subscriptions are owed; returns how many messages were queued.

    A subscription is owed the reportable, assessed changes its filters select, recorded
    since it became active, that no earlier message told it about. In ``immediate`` mode
    each is one message, now; in ``daily`` mode the changes of the days that have ended
    (UTC) go into one digest per day, the day after; in ``weekly`` mode those of the weeks
    that have ended (Monday to Sunday, UTC) into one digest, the Monday after.
    """
    settings = settings or MailSettings()
    now = now or now_iso()
    taxonomy = None
    queued = 0
    for subscription in list_subscriptions(store, status="active"):
        changes = owed_changes(store, subscription)
        period = DIGEST_PERIODS.get(subscription["mode"])
        if period:
            period_end, key, title = period(parse_iso(now))
            changes = [c for c in changes if c["to"] < to_iso(period_end)]
        if not changes:
            continue
        taxonomy = load_taxonomy() if taxonomy is None else taxonomy
        unsubscribe_url = settings.unsubscribe_link(subscription["unsubscribe_token"])
        if period:
            queued += _queue_mail(store, subscription, changes, settings, now, kind="digest",
                                  dedupe_key=f"digest:{subscription['id']}:{key}",
                                  content=digest_mail(subscription, title, changes, taxonomy,
                                                      site_url=settings.site_url, unsubscribe_url=unsubscribe_url))
        else:
            for change in changes:
                queued += _queue_mail(store, subscription, [change], settings, now, kind="alert",
                                      dedupe_key=f"alert:{subscription['id']}:{change['to_version_id']}",
                                      content=alert_mail(subscription, change, taxonomy, site_url=settings.site_url,
                                                         unsubscribe_url=unsubscribe_url))
    return queued


def _previous_day(now: datetime) -> tuple[datetime, str, str]:
    """Where the digest ends (today's start: changes before it are in it), its part of the
    dedupe key, and its name in the message: the day before."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    day = (today - timedelta(days=1)).date().isoformat()
    return today, day, day


def _previous_week(now: datetime) -> tuple[datetime, str, str]:
    """The same for the week before this one (weeks start on Monday)."""
    monday = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=now.weekday())
    week = (monday - timedelta(days=7)).date().isoformat()
    return monday, f"week-{week}", f"the week of {week}"


DIGEST_PERIODS = {"daily": _previous_day, "weekly": _previous_week}


def owed_changes(store: Store, subscription: dict) -> list[dict]:
    """The changes (`monitor.views.change_view` dicts, oldest first) this subscription's
    filters select and no message has told it about yet."""
    if not subscription["confirmed_at"]:
        return []
    ids = store.owed_change_ids(subscription)
    return [change_view(store, change_id) for change_id in ids]


def _queue_mail(store: Store, subscription: dict, changes: list[dict], settings: MailSettings, now: str, *,
                kind: str, dedupe_key: str, content: dict) -> int:
    mail = Mail(kind=kind, dedupe_key=dedupe_key, recipient=subscription["address"],
                channel=subscription["channel"], subscription_id=subscription["id"], message_id=new_message_id(kind, settings.message_id_domain),
                unsubscribe_token=subscription["unsubscribe_token"],
                unsubscribe_url=settings.unsubscribe_link(subscription["unsubscribe_token"]), **content)
    with store.transaction():
        outbox_id = insert_mail(store, mail, now=now)
        if outbox_id is None:
            return 0  # queued before (e.g. today's digest already went; these wait for tomorrow's)
        store.record_alerted_versions(subscription["id"], [change["to_version_id"] for change in changes], outbox_id)
    return 1


# -- operator alerts -------------------------------------------------------------------------

def queue_operator_alerts(store: Store, settings: MailSettings | None = None, *, now: str | None = None) -> int:
    """Record (and mail to the operators) every document that has just reached
    ``failures_before_alert`` failed captures in a row, and every such document captured
    again since (even if it has failed again meanwhile: its recovery came after the broken
    event). Returns how many mails were queued."""
    settings = settings or MailSettings()
    queued = 0
    documents = store.documents_with_last_operator_event()
    for document in list(documents):
        broken = document["last_event"] == "broken"
        failures = document["failures_in_a_row"]
        recovered = broken and (failures == 0 or (document["recovered_at"] or "") > document["event_at"])
        if recovered:
            after = document["recovered_after"] or 0
            queued += queue_operator_alert(store, document["id"], "recovered",
                                           event_key=f"recovered:{document['event_id']}",
                                           reason=f"captured again at {document['recovered_at']} "
                                                  f"after {after} failed captures", failures=after,
                                           settings=settings, now=now)
            broken = False
        if failures >= settings.failures_before_alert and not broken:
            streak = store.latest_fetch_errors(document["id"], failures)
            if not streak:
                continue
            # Keyed by the streak's first error, so the same streak is never reported twice.
            queued += queue_operator_alert(store, document["id"], "broken", event_key=f"broken:{streak[-1]['id']}",
                                           reason=streak[0]["reason"], failures=failures, settings=settings, now=now)
    return queued


def queue_operator_alert(store: Store, document_id: int, event: str, *, event_key: str, reason: str,
                         failures: int, settings: MailSettings | None = None, now: str | None = None) -> int:
    """Record an operator event (``broken`` or ``recovered``) for a document, once per
    ``event_key``, and queue a mail about it to each operator. Returns mails queued."""
    if event not in ("broken", "recovered"):
        raise ValueError(f"unknown operator event {event!r}")
    settings = settings or MailSettings()
    now = now or now_iso()
    document = store.document_with_service_name(document_id)
    content = operator_mail(document, {"event": event, "at": now, "failures": failures, "reason": reason},
                            site_url=settings.site_url)
    queued = 0
    with store.transaction():
        store.record_operator_event(document_id, event, event_key, reason, failures, now)
        for address in settings.operators:
            kind, target = normalise_target(address)
            # an Apprise URL carries secrets: the key (shown by `alerts pending --json`) holds its hash
            who = target if kind == "email" else f"{kind}:{hashlib.sha256(target.encode()).hexdigest()[:16]}"
            mail = Mail(kind="operator", dedupe_key=f"operator:{document_id}:{event_key}:{who}", channel=kind,
                        recipient=target, message_id=new_message_id("operator", settings.message_id_domain),
                        **content)
            queued += insert_mail(store, mail, now=now) is not None
    log.info("operator event %s for document %s (%s); %d mail(s) queued", event, document_id, reason, queued)
    return queued


def operator_events(store: Store, *, document_id: int | None = None) -> list[dict]:
    """Operator events, newest first, with their document (for feeds and status)."""
    return store.operator_events(document_id)


# -- one call for the pipeline -----------------------------------------------------------------

def process_alerts(store: Store, config, *, now: str | None = None, environ=None) -> dict:
    """After a capture cycle: queue what is owed, then send what is due.

    ``config`` is a `monitor.config.Config`. Returns ``{"alerts": n, "operator": n,
    "delivery": DeliveryReport}``. Raises `monitor.config.ConfigError` for a bad [smtp],
    [channels] or [alerts] table, before anything is queued.
    """
    settings = MailSettings.from_config(config)
    channels = Channels.from_config(config, environ)
    alerts = queue_alerts(store, settings, now=now)
    operator = queue_operator_alerts(store, settings, now=now)
    delivery: DeliveryReport = send_pending(store, channels, now=now)
    return {"alerts": alerts, "operator": operator, "delivery": delivery}
