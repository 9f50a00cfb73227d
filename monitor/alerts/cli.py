"""The alert commands: ``subscribe``, ``confirm``, ``unsubscribe``, ``subscriptions`` and the
``alerts`` group (``send``, ``pending``, ``retry``). `monitor.cli` registers them.

Exit codes: 0 done; 2 bad input (an address, a token, a service id, the config); 3 ``alerts
send`` ran but some mail is still waiting or was rejected.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import click

from ..cli import EXIT_BAD_INPUT, EXIT_PARTIAL, Context, fail, pass_context
from ..config import ConfigError
from . import (MailSettings, SmtpConfig, SubscriptionError, list_subscriptions, outbox_rows, queue_alerts,
               queue_operator_alerts, retry_failed, send_pending)
from . import confirm as confirm_subscription
from . import subscribe as create_subscription
from . import unsubscribe as end_subscription


def _config(ctx: Context):
    return ctx.config()


def _settings(ctx: Context) -> MailSettings:
    try:
        return MailSettings.from_config(_config(ctx))
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)


@click.command()
@click.argument("email")
@click.option("--service", "services", multiple=True, metavar="ID",
              help="Only changes of this service (repeat for several). Default: every service.")
@click.option("--min-severity", type=click.IntRange(0, 3), default=0, show_default=True,
              help="Only changes at least this severe (0 negligible ... 3 severe).")
@click.option("--digest/--immediate", default=False,
              help="One mail a day with the previous day's changes, or one mail per change (default).")
@pass_context
def subscribe(ctx: Context, email: str, services: tuple[str, ...], min_severity: int, digest: bool) -> None:
    """Subscribe EMAIL to alerts about changes, or update its preferences.

    A new subscriber is sent a confirmation mail and gets nothing else until they confirm
    (``termswatch confirm TOKEN``, the token being in that mail). Alerts then cover the
    changes recorded after confirmation.
    """
    settings = _settings(ctx)
    with ctx.store() as store, _bad_subscription():
        row = create_subscription(store, email, services=services, min_severity=min_severity,
                                  mode="daily" if digest else "immediate", settings=settings)
    if row["status"] == "pending":
        click.echo(f"{row['address']}: pending; a confirmation mail is queued "
                   f"(it goes out with `termswatch alerts send` or the daemon's next cycle)")
    else:
        click.echo(f"{row['address']}: {row['status']}; preferences updated")


@click.command()
@click.argument("token")
@pass_context
def confirm(ctx: Context, token: str) -> None:
    """Confirm a subscription with the TOKEN from its confirmation mail."""
    with ctx.store() as store, _bad_subscription():
        row = confirm_subscription(store, token)
    click.echo(f"{row['address']}: active since {row['confirmed_at']}")


@click.command()
@click.argument("email", required=False)
@click.option("--token", help="The unsubscribe token from an alert, instead of EMAIL.")
@pass_context
def unsubscribe(ctx: Context, email: str | None, token: str | None) -> None:
    """Stop all alerts to EMAIL (or to the subscription with --token); mail not yet sent is cancelled."""
    if (email is None) == (token is None):
        fail("give either EMAIL or --token TOKEN", EXIT_BAD_INPUT)
    with ctx.store() as store, _bad_subscription():
        row = end_subscription(store, address=email, token=token)
    click.echo(f"{row['address']}: unsubscribed")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one per subscription, tokens included.")
@click.option("--status", type=click.Choice(["pending", "active", "unsubscribed"]), help="Only these.")
@pass_context
def subscriptions(ctx: Context, as_json: bool, status: str | None) -> None:
    """List the subscriptions."""
    with ctx.store() as store:
        rows = list_subscriptions(store, status=status)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return
    table = [("ADDRESS", "STATUS", "MODE", "MIN", "SERVICES", "CONFIRMED")]
    table += [(r["address"], r["status"], r["mode"], str(r["min_severity"]),
               ", ".join(r["services"]) if r["services"] else "all", r["confirmed_at"] or "-") for r in rows]
    _print_table(table)


@click.group()
def alerts() -> None:
    """The mail outbox: send what is due, see what is waiting, retry what was rejected."""


@alerts.command()
@click.option("--limit", type=click.IntRange(min=1), help="Send at most this many mails.")
@pass_context
def send(ctx: Context, limit: int | None) -> None:
    """Queue the alerts owed to subscribers and operators, then send what is due.

    Exit code 3 when some mail could not be sent (it stays queued and is retried later,
    or was rejected by the server: see `termswatch alerts pending`).
    """
    config = _config(ctx)
    try:
        settings = MailSettings.from_config(config)
        smtp = SmtpConfig.from_mapping(config.smtp, source=config.source)
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)
    with ctx.store() as store:
        queued = queue_alerts(store, settings) + queue_operator_alerts(store, settings)
        report = send_pending(store, smtp, limit=limit)
    click.echo(f"{queued} queued; {report.summary()}")
    if report.deferred or report.failed:
        raise SystemExit(EXIT_PARTIAL)


@alerts.command()
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one per mail.")
@click.option("--all", "everything", is_flag=True, help="Include sent and cancelled mail.")
@pass_context
def pending(ctx: Context, as_json: bool, everything: bool) -> None:
    """List the mail not delivered yet: queued, being sent, or rejected (failed)."""
    statuses = ("queued", "sending", "failed") + (("sent", "cancelled") if everything else ())
    with ctx.store() as store:
        rows = outbox_rows(store, statuses=statuses)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return
    table = [("ID", "KIND", "TO", "STATUS", "TRIES", "NEXT TRY", "LAST ERROR")]
    table += [(str(r["id"]), r["kind"], r["recipient"], r["status"], str(r["attempts"]),
               r["next_attempt_at"] if r["status"] == "queued" else "-", (r["last_error"] or "-")[:60])
              for r in rows]
    _print_table(table)


@alerts.command()
@click.argument("ids", nargs=-1, type=int)
@pass_context
def retry(ctx: Context, ids: tuple[int, ...]) -> None:
    """Queue failed mails again (all of them, or these IDS), e.g. after fixing the server."""
    with ctx.store() as store:
        count = retry_failed(store, list(ids) if ids else None)
    click.echo(f"{count} mail(s) queued again")


@contextmanager
def _bad_subscription():
    """A refused subscription request (unknown address, bad token...) is bad input: exit 2."""
    try:
        yield
    except SubscriptionError as error:
        fail(str(error), EXIT_BAD_INPUT)


def _print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


COMMANDS = [subscribe, confirm, unsubscribe, subscriptions, alerts]
