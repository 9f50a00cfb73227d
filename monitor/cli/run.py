"""The daemon's commands: ``run`` (scheduled, or ``--once`` for cron) and ``status``."""

from __future__ import annotations

import click

from .base import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_PARTIAL, Context, crawl_settings, fail, pass_context


@click.command()
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Folder of service declarations (default: the config's, else the catalogue and "
                   "<home>/declarations).")
@click.option("--once", is_flag=True, help="Run one full cycle over every document and exit (for cron).")
@click.option("--redis", "redis_url", metavar="URL",
              help="Captures are fetched by `termswatch worker`s sharing this Redis; the daemon records them.")
@pass_context
def run(ctx: Context, declarations: str | None, once: bool, redis_url: str | None) -> None:
    """Run the daemon: capture due documents on schedule, analyse, alert, publish.

    Each document is captured every `schedule.interval` (per service or per document in the
    config), with a fixed jitter. After each crawl the new versions are diffed, classified
    and scored, alerts go out, and the site and feeds are rebuilt incrementally. One daemon
    per state directory; SIGTERM or SIGINT stop it gracefully. Logs go to stderr and to
    <home>/logs/termswatch.log.

    With --once: one cycle over all documents, then exit 0 (3 if some documents failed, 1 if
    the crawler crashed or the store could not be written).
    """
    import logging.handlers
    from pathlib import Path

    from ..alerts import MailSettings
    from ..alerts.channels import Channels
    from ..config import ConfigError
    from ..daemon import AlreadyRunning, Daemon, instance_lock

    config = ctx.config()
    if declarations:
        config.declarations = Path(declarations)
    crawl_settings(config)  # a setting the crawler cannot use stops it here, not at each tick
    try:  # fail at start, not at the first alert
        Channels.from_config(config)  # [smtp] and [channels.*]
        MailSettings.from_config(config)
    except ConfigError as error:
        fail(str(error), EXIT_BAD_INPUT)
    ctx.home.ensure()
    ctx.home.logs.mkdir(exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(ctx.home.logs / "termswatch.log", maxBytes=5_000_000,
                                                   backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    daemon = Daemon(ctx.home, config, redis_url=redis_url)
    try:
        with instance_lock(ctx.home):
            if once:
                report = daemon.run_cycle(only_due=False)
                click.echo(report.summary())
                for problem in report.problems:
                    if problem != report.crawl_failure:
                        click.echo(f"problem: {problem}", err=True)
                if report.crawl_failure:
                    fail(report.crawl_failure, EXIT_FAILURE)
                if report.crawl and report.crawl.errors:
                    raise SystemExit(EXIT_PARTIAL)
            else:
                daemon.serve()
    except AlreadyRunning as error:
        fail(str(error), EXIT_BAD_INPUT)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document, as a list.")
@pass_context
def status(ctx: Context, as_json: bool) -> None:
    """Show, per document: last capture, last change, last error, the capture problem readers
    are shown (a page that is not the document, another language, failures) and next run."""
    import json as jsonlib

    from ..overview import document_status

    config = ctx.config()
    with ctx.store() as store:
        rows = document_status(store, config.schedule)
    if as_json:
        click.echo(jsonlib.dumps(rows, indent=1))
        return
    if not rows:
        click.echo("No documents yet: run `termswatch crawl` or `termswatch demo`.")
        return
    for row in rows:
        error = row["last_error"]
        click.echo(f"{row['service']} / {row['terms_type']}")
        click.echo(f"  last capture  {row['last_capture'] or 'never'} ({row['last_outcome'] or '-'})")
        click.echo(f"  last change   {row['last_change'] or 'none'}")
        click.echo(f"  last error    {error['at'] + ' ' + error['reason'] if error else 'none'}"
                   + (f" ({row['failures_in_a_row']} failures in a row)" if row["failures_in_a_row"] else ""))
        if row["last_recovery"]:
            recovery = row["last_recovery"]
            click.echo(f"  recovered     {recovery['at']} after {recovery['after_failures']} failures")
        if row["capture_problem"]:
            click.echo(f"  problem       {row['capture_problem']}")
        click.echo(f"  next run      {row['next_run']}")


COMMANDS = [run, status]
