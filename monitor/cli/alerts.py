"""The alert commands: ``subscribe``, ``confirm``, ``unsubscribe``, ``subscriptions`` and the
``alerts`` group (``send``, ``pending``, ``retry``). `monitor.cli` registers them.

Exit codes: 0 done; 2 bad input (an address, an Apprise URL, a token, a service id, the
config); 3 ``alerts send`` ran but some message is still waiting or was refused. Apprise URLs
are only ever printed masked (`monitor.alerts.channels`).
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import click

from ..alerts import (MailSettings, SubscriptionError, list_subscriptions, outbox_rows, queue_alerts,
                      queue_operator_alerts, retry_failed, send_pending)
from ..alerts import confirm as confirm_subscription
from ..alerts import subscribe as create_subscription
from ..alerts import unsubscribe as end_subscription
from ..alerts.channels import Channels, mask_target
from ..config import ConfigError
from .base import EXIT_BAD_INPUT, EXIT_PARTIAL, Context, fail, pass_context, print_table


def _config(ctx: Context):
    return ctx.config()


def _settings(ctx: Context) -> MailSettings:
    try:
        return MailSettings.from_config(_config(ctx))
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)


@click.command()
@click.argument("email", required=False)
@click.option("--to", "target", metavar="URL",
              help="Where alerts go: an Apprise URL (json://, ntfy://, slack://...) or an email address.")
@click.option("--service", "services", multiple=True, metavar="NAME",
              help="Only changes of this service (repeat for several). Default: every service.")
@click.option("--document", "document_types", multiple=True, metavar="TYPE",
              help='Only this document type, e.g. "Privacy Policy" (repeat for several). Default: every one.')
@click.option("--min-severity", type=click.IntRange(0, 3), default=0, show_default=True,
              help="Only changes at least this severe (0 negligible ... 3 severe).")
@click.option("--category", "categories", multiple=True, metavar="ID",
              help="Only changes in this harm category, e.g. ai_training (repeat: any of them). Default: any.")
@click.option("--direction", type=click.Choice(["worse", "better", "any"]), default="any", show_default=True,
              help="Only changes worse (or better) for users.")
@click.option("--digest", type=click.Choice(["daily", "weekly"]), is_flag=False, flag_value="daily", default=None,
              help="One message a day (or week) with the changes of the day (week) before; "
                   "--digest alone is daily. Default: one message per change.")
@click.option("--immediate", is_flag=True, help="One message per change (the default).")
@pass_context
def subscribe(ctx: Context, email: str | None, target: str | None, services: tuple[str, ...],
              document_types: tuple[str, ...], min_severity: int, categories: tuple[str, ...], direction: str,
              digest: str | None, immediate: bool) -> None:
    """Subscribe an email address or an Apprise URL to alerts about changes, or update its
    preferences (``--to URL``; an address may also be given as EMAIL).

    An email subscriber is sent a confirmation mail and gets nothing else until they
    confirm (``termswatch confirm TOKEN``, the token being in that mail). Any other channel
    is yours, and active at once. Alerts then cover the changes recorded from then on.
    """
    if (email is None) == (target is None):
        fail("give where alerts go: --to URL (an Apprise URL or an email address)", EXIT_BAD_INPUT)
    if digest and immediate:
        fail("--digest and --immediate exclude each other", EXIT_BAD_INPUT)
    settings = _settings(ctx)
    with ctx.store() as store, _bad_subscription():
        row = create_subscription(store, target or email, services=services, document_types=document_types,
                                  categories=categories, min_severity=min_severity, direction=direction,
                                  mode=digest or "immediate", settings=settings, operator=True)
    shown = mask_target(row["channel"], row["address"])
    if row["status"] == "pending":
        click.echo(f"{shown}: pending; a confirmation mail is queued "
                   f"(it goes out with `termswatch alerts send` or the daemon's next cycle)")
    else:
        click.echo(f"{shown}: {row['status']} (subscription {row['id']}, {row['channel']})")


@click.command()
@click.argument("token")
@pass_context
def confirm(ctx: Context, token: str) -> None:
    """Confirm a subscription with the TOKEN from its confirmation mail."""
    with ctx.store() as store, _bad_subscription():
        row = confirm_subscription(store, token)
    click.echo(f"{row['address']}: active since {row['confirmed_at']}")


@click.command()
@click.argument("subscription", metavar="ID|EMAIL", required=False)
@click.option("--token", help="The unsubscribe token from an alert, instead of ID or EMAIL.")
@pass_context
def unsubscribe(ctx: Context, subscription: str | None, token: str | None) -> None:
    """Stop all alerts to subscription ID (see `termswatch subscriptions`), to EMAIL, or to the
    subscription with --token; messages not yet sent are cancelled."""
    if (subscription is None) == (token is None):
        fail("give either ID, EMAIL or --token TOKEN", EXIT_BAD_INPUT)
    by_id = subscription.strip().isdigit() if subscription else False
    with ctx.store() as store, _bad_subscription():
        row = end_subscription(store, id=int(subscription) if by_id else None,
                               address=None if by_id else subscription, token=token)
    click.echo(f"{mask_target(row['channel'], row['address'])}: unsubscribed")


@click.command()
@click.option("--json", "as_json", is_flag=True,
              help="JSON lines, one per subscription, tokens included (Apprise URLs still masked).")
@click.option("--status", type=click.Choice(["pending", "active", "unsubscribed"]), help="Only these.")
@pass_context
def subscriptions(ctx: Context, as_json: bool, status: str | None) -> None:
    """List the subscriptions: id, channel, target (secrets masked), status, filters."""
    with ctx.store() as store:
        rows = [{**row, "address": mask_target(row["channel"], row["address"])}
                for row in list_subscriptions(store, status=status)]
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return

    def listed(values) -> str:
        return ", ".join(values) if values else "all"

    table = [("ID", "CHANNEL", "TARGET", "STATUS", "MODE", "MIN", "DIRECTION", "SERVICES", "DOCUMENTS",
              "CATEGORIES", "CONFIRMED")]
    table += [(str(r["id"]), r["channel"], r["address"], r["status"], r["mode"], str(r["min_severity"]),
               r["direction"], listed(r["services"]), listed(r["document_types"]), listed(r["categories"]),
               r["confirmed_at"] or "-") for r in rows]
    print_table(table)


@click.group()
def alerts() -> None:
    """The outbox (every channel): send what is due, see what is waiting, retry what was refused."""


@alerts.command()
@click.option("--limit", type=click.IntRange(min=1), help="Send at most this many messages.")
@pass_context
def send(ctx: Context, limit: int | None) -> None:
    """Queue the alerts owed to subscribers and operators, then send what is due.

    Exit code 3 when some message could not be sent (it stays queued and is retried later,
    or was refused by its destination: see `termswatch alerts pending`).
    """
    config = _config(ctx)
    try:
        settings = MailSettings.from_config(config)
        channels = Channels.from_config(config)
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)
    with ctx.store() as store:
        queued = queue_alerts(store, settings) + queue_operator_alerts(store, settings)
        report = send_pending(store, channels, limit=limit)
    click.echo(f"{queued} queued; {report.summary()}")
    if report.deferred or report.failed:
        raise SystemExit(EXIT_PARTIAL)


@alerts.command()
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one per message (targets masked).")
@click.option("--all", "everything", is_flag=True, help="Include sent and cancelled messages.")
@pass_context
def pending(ctx: Context, as_json: bool, everything: bool) -> None:
    """List the messages not delivered yet: queued, being sent, or refused (failed)."""
    statuses = ("queued", "sending", "failed") + (("sent", "cancelled") if everything else ())
    with ctx.store() as store:
        rows = outbox_rows(store, statuses=statuses)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return
    table = [("ID", "KIND", "CHANNEL", "TO", "STATUS", "TRIES", "NEXT TRY", "LAST ERROR")]
    table += [(str(r["id"]), r["kind"], r["channel"], r["recipient"], r["status"], str(r["attempts"]),
               r["next_attempt_at"] if r["status"] == "queued" else "-", (r["last_error"] or "-")[:60])
              for r in rows]
    print_table(table)


@alerts.command()
@click.argument("ids", nargs=-1, type=int)
@pass_context
def retry(ctx: Context, ids: tuple[int, ...]) -> None:
    """Queue failed messages again (all of them, or these IDS), e.g. after fixing the destination."""
    with ctx.store() as store:
        count = retry_failed(store, list(ids) if ids else None)
    click.echo(f"{count} message(s) queued again")


@contextmanager
def _bad_subscription():
    """A refused subscription request (unknown address, bad token...) is bad input: exit 2."""
    try:
        yield
    except SubscriptionError as error:
        fail(str(error), EXIT_BAD_INPUT)


COMMANDS = [subscribe, confirm, unsubscribe, subscriptions, alerts]
