"""Who wants alerts about which changes, on which channel: subscribe, confirm, unsubscribe, list.

A subscription is a channel and a target on it (`monitor.alerts.channels`): an email
address, or an Apprise URL (``json://``, ``ntfy://``, ``slack://``...), with filters
(services, document types, harm categories, minimum severity, direction) and a rhythm (one
message per change, or a daily or weekly digest).

An email subscription starts *pending*: subscribing queues a confirmation mail carrying a
token, and no alert goes to it until ``confirm(token)`` makes it *active*. Any other
channel is the operator's own configuration and is active at once. Alerts cover changes
recorded from the moment a subscription became active, so a new subscriber is not sent the
backlog. Unsubscribing (by id, by address or by the token every alert carries) cancels the
messages still queued for it. Subscribing a target again updates its one row: preferences
change, an active subscription stays active, an unsubscribed one starts over.
"""

from __future__ import annotations

import difflib
import json
import secrets
from typing import Iterable

from ..clock import now_iso
from ..store import Store
from .channels import REGISTRY, TargetError, normalise_target
from .compose import confirmation_mail
from .config import MailSettings
from .outbox import Mail, insert_mail, new_message_id

MODES = ("immediate", "daily", "weekly")
DIRECTIONS = ("worse", "better", "any")
LIST_COLUMNS = ("services", "document_types", "categories")   # JSON lists; NULL means "all"


class SubscriptionError(ValueError):
    """Bad input from a person (an unknown service, a wrong token...): say it in one line."""


def subscribe(store: Store, address: str, *, services: Iterable[str] | None = None,
              document_types: Iterable[str] | None = None, categories: Iterable[str] | None = None,
              min_severity: int = 0, direction: str = "any", mode: str = "immediate",
              settings: MailSettings | None = None, now: str | None = None, operator: bool = False) -> dict:
    """Create or update the subscription of ``address`` (an email address or an Apprise
    URL); returns its row.

    Empty filters mean everything. A pending (email) subscription gets one confirmation
    mail queued per confirmation token, so subscribing twice sends one. Only the operator
    (``operator=True``: the command line, not a web form) may subscribe a target on a
    channel that does not confirm, since it is active at once.
    """
    try:
        channel_kind, address = normalise_target(address)
    except TargetError as error:
        raise SubscriptionError(str(error)) from None
    if not operator and not REGISTRY[channel_kind].needs_confirmation:
        raise SubscriptionError(f"only the operator can subscribe {channel_kind} targets "
                                "(`termswatch subscribe --to URL`); give an email address")
    if isinstance(min_severity, bool) or min_severity not in (0, 1, 2, 3):
        raise SubscriptionError(f"minimum severity must be 0, 1, 2 or 3, not {min_severity!r}")
    if mode not in MODES:
        raise SubscriptionError(f"mode must be {', '.join(MODES)}, not {mode!r}")
    if direction not in DIRECTIONS:
        raise SubscriptionError(f"direction must be {', '.join(DIRECTIONS)}, not {direction!r}")
    filters = {
        "services": _check_known("service", services, store.service_ids(),
                                 " (known services are those crawled so far)"),
        "document_types": _check_known("document type", document_types,
                                       store.terms_types(),
                                       " (known document types are those crawled so far)"),
        "categories": _check_known("category", categories, list(_taxonomy_ids()), " (see docs/taxonomy.md)"),
    }
    confirms = REGISTRY[channel_kind].needs_confirmation
    now = now or now_iso()
    with store.transaction():
        existing = find_subscription(store, address=address)
        if existing is None:
            store.insert_subscription(
                channel=channel_kind, address=address, lists=[_as_json(filters[c]) for c in LIST_COLUMNS],
                min_severity=min_severity, direction=direction, mode=mode,
                status="pending" if confirms else "active", confirm_token=_token(), unsubscribe_token=_token(),
                now=now, confirmed_at=None if confirms else now)
        else:
            # Coming back after unsubscribing needs a fresh consent, hence a fresh token.
            renewed = existing["status"] == "unsubscribed"
            store.update_subscription(
                existing["id"], lists=[_as_json(filters[c]) for c in LIST_COLUMNS], min_severity=min_severity,
                direction=direction, mode=mode, now=now, renewed=renewed,
                status="pending" if confirms else "active", confirm_token=_token(),
                confirmed_at=None if confirms else now)
        subscription = find_subscription(store, address=address)
        if subscription["status"] == "pending":
            insert_mail(store, Mail(
                kind="confirm", dedupe_key=f"confirm:{subscription['id']}:{subscription['confirm_token']}",
                recipient=address, subscription_id=subscription["id"], channel=channel_kind,
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
        store.activate_subscription(subscription["id"], now)
    return find_subscription(store, id=subscription["id"])


def unsubscribe(store: Store, *, address: str | None = None, token: str | None = None, id: int | None = None,
                now: str | None = None) -> dict:
    """Stop all alerts to a subscription, found by id, address or unsubscribe token; returns its row.

    Messages queued for it and not yet sent are cancelled; one already being handed to its
    channel cannot be called back.
    """
    if sum(x is not None for x in (address, token, id)) != 1:
        raise SubscriptionError("give a subscription id, an address or an unsubscribe token")
    if id is not None:
        subscription = find_subscription(store, id=id)
        if subscription is None:
            raise SubscriptionError(f"no subscription has id {id} (see `termswatch subscriptions`)")
    elif address is not None:
        try:
            kind, target = normalise_target(address)
        except TargetError as error:
            raise SubscriptionError(str(error)) from None
        subscription = find_subscription(store, address=target)
        if subscription is None:
            raise SubscriptionError(f"{REGISTRY[kind].mask(target)} is not subscribed")
    else:
        subscription = find_subscription(store, unsubscribe_token=token.strip())
        if subscription is None:
            raise SubscriptionError("no subscription has this unsubscribe token")
    now = now or now_iso()
    store.end_subscription(subscription["id"], now)
    return find_subscription(store, id=subscription["id"])


def find_subscription(store: Store, **where) -> dict | None:
    """The subscription with this ``id``, ``address``, ``confirm_token`` or ``unsubscribe_token``."""
    (column, value), = where.items()
    row = store.subscription_row(column, value)
    return _shape(row) if row else None


def list_subscriptions(store: Store, *, status: str | None = None) -> list[dict]:
    """Subscriptions with their raw targets (secrets included: mask them before showing)."""
    return [_shape(row) for row in store.subscription_rows(status)]


def _shape(row: dict) -> dict:
    return {**row, **{column: json.loads(row[column]) if row[column] else None for column in LIST_COLUMNS}}


def _check_known(what: str, wanted: Iterable[str] | None, known: list[str], hint_if_none: str) -> list[str] | None:
    wanted = sorted({w.strip() for w in wanted or () if w and w.strip()})
    for name in wanted:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else hint_if_none
            raise SubscriptionError(f"unknown {what} {name!r}{hint}")
    return wanted or None


def _taxonomy_ids() -> dict:
    from ..site.data import load_taxonomy
    return load_taxonomy()


def _as_json(values: list[str] | None) -> str | None:
    return json.dumps(values) if values else None


def _token() -> str:
    """A confirmation or unsubscribe token. It never starts with "-": a token is typed on a command
    line (`termswatch confirm TOKEN`), where one starting with "-" would read as an option (one
    token in 64 did, and `confirm` refused it)."""
    while True:
        token = secrets.token_urlsafe(16)
        if not token.startswith("-"):
            return token
