"""Who wants mail about which changes: subscribe, confirm, unsubscribe, list.

A subscription starts *pending*: subscribing queues a confirmation mail carrying a token, and
no alert goes to it until ``confirm(token)`` makes it *active*. Alerts then cover changes
recorded from the moment of confirmation, so a new subscriber is not sent the backlog.
Unsubscribing (by address or by the token every alert carries) cancels the mails still
queued for it. Subscribing an address again updates its one row: preferences change, an
active subscription stays active, an unsubscribed one becomes pending again.
"""

from __future__ import annotations

import difflib
import json
import secrets
from typing import Iterable

from ..clock import now_iso
from ..store import Store
from .addresses import AddressError, normalise_address
from .compose import confirmation_mail
from .config import MailSettings
from .outbox import Mail, insert_mail, new_message_id

MODES = ("immediate", "daily")


class SubscriptionError(ValueError):
    """Bad input from a person (an unknown service, a wrong token...): say it in one line."""


def subscribe(store: Store, address: str, *, services: Iterable[str] | None = None, min_severity: int = 0,
              mode: str = "immediate", settings: MailSettings | None = None, now: str | None = None) -> dict:
    """Create or update the subscription of ``address``; returns its row.

    ``services`` None or empty means every service. A pending subscription gets one
    confirmation mail queued per confirmation token, so subscribing twice sends one.
    """
    try:
        address = normalise_address(address)
    except AddressError as error:
        raise SubscriptionError(str(error)) from None
    if isinstance(min_severity, bool) or min_severity not in (0, 1, 2, 3):
        raise SubscriptionError(f"minimum severity must be 0, 1, 2 or 3, not {min_severity!r}")
    if mode not in MODES:
        raise SubscriptionError(f"mode must be {' or '.join(MODES)}, not {mode!r}")
    service_ids = _check_services(store, services)
    now = now or now_iso()
    with store.db.conn:
        existing = find_subscription(store, address=address)
        if existing is None:
            store.db.execute(
                "INSERT INTO subscriptions (address, services, min_severity, mode, status, confirm_token, "
                "unsubscribe_token, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                [address, _services_json(service_ids), min_severity, mode, _token(), _token(), now, now])
        else:
            # Coming back after unsubscribing needs a fresh consent, hence a fresh token.
            renewed = existing["status"] == "unsubscribed"
            store.db.execute(
                "UPDATE subscriptions SET services = ?, min_severity = ?, mode = ?, updated_at = ?, "
                "status = CASE WHEN ? THEN 'pending' ELSE status END, "
                "confirm_token = CASE WHEN ? THEN ? ELSE confirm_token END, "
                "confirmed_at = CASE WHEN ? THEN NULL ELSE confirmed_at END, "
                "unsubscribed_at = CASE WHEN ? THEN NULL ELSE unsubscribed_at END WHERE id = ?",
                [_services_json(service_ids), min_severity, mode, now, renewed, renewed, _token(), renewed,
                 renewed, existing["id"]])
        subscription = find_subscription(store, address=address)
        if subscription["status"] == "pending":
            insert_mail(store, Mail(
                kind="confirm", dedupe_key=f"confirm:{subscription['id']}:{subscription['confirm_token']}",
                recipient=address, subscription_id=subscription["id"],
                message_id=new_message_id("confirm", (settings or MailSettings()).message_id_domain),
                **confirmation_mail(subscription, (settings or MailSettings()).confirm_link(
                    subscription["confirm_token"]))), now=now)
    return subscription


def confirm(store: Store, token: str, *, now: str | None = None) -> dict:
    """Activate the pending subscription whose confirmation token this is; returns its row."""
    subscription = find_subscription(store, confirm_token=token.strip())
    if subscription is None:
        raise SubscriptionError("no subscription has this confirmation token (it may have been renewed)")
    if subscription["status"] == "unsubscribed":
        raise SubscriptionError(f"{subscription['address']} has unsubscribed since; subscribe again first")
    if subscription["status"] == "pending":
        now = now or now_iso()
        with store.db.conn:
            store.db.execute("UPDATE subscriptions SET status = 'active', confirmed_at = ?, updated_at = ? "
                             "WHERE id = ? AND status = 'pending'", [now, now, subscription["id"]])
    return find_subscription(store, id=subscription["id"])


def unsubscribe(store: Store, *, address: str | None = None, token: str | None = None,
                now: str | None = None) -> dict:
    """Stop all mail to a subscription, found by address or unsubscribe token; returns its row.

    Mails queued for it and not yet sent are cancelled; a mail already being handed to the
    SMTP server cannot be called back.
    """
    if (address is None) == (token is None):
        raise SubscriptionError("give an address or an unsubscribe token")
    if address is not None:
        try:
            subscription = find_subscription(store, address=normalise_address(address))
        except AddressError as error:
            raise SubscriptionError(str(error)) from None
        if subscription is None:
            raise SubscriptionError(f"{address.strip()} is not subscribed")
    else:
        subscription = find_subscription(store, unsubscribe_token=token.strip())
        if subscription is None:
            raise SubscriptionError("no subscription has this unsubscribe token")
    now = now or now_iso()
    with store.db.conn:
        store.db.execute("UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? "
                         "WHERE id = ? AND status != 'unsubscribed'", [now, now, subscription["id"]])
        store.db.execute("UPDATE outbox SET status = 'cancelled', last_error = 'unsubscribed' "
                         "WHERE subscription_id = ? AND status = 'queued'", [subscription["id"]])
    return find_subscription(store, id=subscription["id"])


def find_subscription(store: Store, **where) -> dict | None:
    """The subscription with this ``id``, ``address``, ``confirm_token`` or ``unsubscribe_token``."""
    (column, value), = where.items()
    if column not in ("id", "address", "confirm_token", "unsubscribe_token"):
        raise ValueError(f"cannot look subscriptions up by {column}")
    rows = [_shape(row) for row in store.query(f"SELECT * FROM subscriptions WHERE {column} = ?", [value])]
    return rows[0] if rows else None


def list_subscriptions(store: Store, *, status: str | None = None) -> list[dict]:
    sql = "SELECT * FROM subscriptions" + (" WHERE status = ?" if status else "") + " ORDER BY address"
    return [_shape(row) for row in store.query(sql, [status] if status else [])]


def _shape(row: dict) -> dict:
    return {**row, "services": json.loads(row["services"]) if row["services"] else None}


def _check_services(store: Store, services: Iterable[str] | None) -> list[str] | None:
    wanted = sorted({s.strip() for s in services or () if s.strip()})
    if not wanted:
        return None
    known = [row["id"] for row in store.query("SELECT id FROM services")]
    for service_id in wanted:
        if service_id not in known:
            close = difflib.get_close_matches(service_id, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else " (known services are those crawled so far)"
            raise SubscriptionError(f"unknown service {service_id!r}{hint}")
    return wanted


def _services_json(service_ids: list[str] | None) -> str | None:
    return json.dumps(service_ids) if service_ids else None


def _token() -> str:
    return secrets.token_urlsafe(16)
