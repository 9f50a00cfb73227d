"""The CLI's commands, one small function each over the Python API."""

from __future__ import annotations

import click

from .cli import EXIT_BAD_INPUT, EXIT_PARTIAL, Context, cli, fail, pass_context


def parse_settings(pairs: tuple[str, ...]) -> dict:
    """``--set NAME=VALUE`` pairs for Scrapy settings (numbers and booleans parsed)."""
    import json

    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            fail(f"--set expects NAME=VALUE, got {pair!r}", EXIT_BAD_INPUT)
        try:
            settings[name.strip()] = json.loads(value)
        except ValueError:
            settings[name.strip()] = value
    return settings


@cli.command()
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Folder of service declarations (default: the shipped catalogue, data/services).")
@click.option("--set", "set_", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting for this crawl, e.g. --set DOWNLOAD_DELAY=0.")
@click.argument("services", nargs=-1)
@pass_context
def crawl(ctx: Context, declarations: str | None, set_: tuple[str, ...], services: tuple[str, ...]) -> None:
    """Capture every declared document (or only SERVICES) once and record what changed.

    Each document is fetched politely (see spiders/settings.py), its raw bytes kept as a
    snapshot, its legal text extracted and normalised, and a new version recorded only if
    that text changed. Failures are recorded as fetch errors; the last good version stays.

    Exit code 0 when every document was captured, 3 when some failed, 2 when a declaration
    is invalid (the valid ones are still crawled).
    """
    from .capture import CaptureError
    from .capture import crawl as run

    ctx.home.ensure()
    ctx.store().close()  # create / migrate the database before the crawler opens it
    try:
        report = run(ctx.home.database, declarations, services, parse_settings(set_))
    except CaptureError as error:
        fail(str(error), EXIT_BAD_INPUT)
    from .pipeline import process_new_records
    store = ctx.store()
    process_new_records(store)
    store.close()
    for error in report.declaration_errors:
        click.echo(f"invalid declaration: {error}", err=True)
    for doc in report.errors:
        click.echo(f"failed: {doc['service']} / {doc['terms_type']}: {doc['reason']}", err=True)
    click.echo(report.summary())
    if report.declaration_errors:
        raise SystemExit(EXIT_BAD_INPUT)
    if report.errors:
        raise SystemExit(EXIT_PARTIAL)


@cli.command()
@click.option("--declarations", type=click.Path(file_okay=False),
              help="Take the declarations from this folder first (default: those stored at the last crawl).")
@click.argument("services", nargs=-1)
@pass_context
def reextract(ctx: Context, declarations: str | None, services: tuple[str, ...]) -> None:
    """Re-run extraction over the stored snapshots, e.g. after fixing a selector.

    A different result is recorded as a version of kind "reextraction", never as a change.
    """
    from .reextract import reextract as run

    store = ctx.store()
    if declarations:
        from .capture import select_services
        from .declarations import DeclarationError, load_catalogue
        try:
            catalogue = load_catalogue(declarations)
        except DeclarationError as error:
            fail(str(error), EXIT_BAD_INPUT)
        for error in catalogue.errors:
            click.echo(f"invalid declaration: {error}", err=True)
        store.sync_catalogue(catalogue, select_services(catalogue, services))
    report = run(store, services)
    from .pipeline import process_new_records
    process_new_records(store)
    store.close()
    for error in report.errors:
        click.echo(f"failed: {error['document']}: {error['reason']}", err=True)
    click.echo(report.summary())
    if report.errors:
        raise SystemExit(EXIT_PARTIAL)


@cli.command()
@click.option("--json", "json_path", required=True, type=click.Path(dir_okay=False),
              help="Write the export to this file ('-' for standard output).")
@pass_context
def export(ctx: Context, json_path: str) -> None:
    """Export services, documents, versions, errors, changes and scores as JSON.

    The format is fixed by docs/export.md (and ../shared/CONTRACT.md): fields are only
    ever added, never renamed or removed.
    """
    import json
    import sys

    from .export import export_data, write_json

    store = ctx.store()
    if json_path == "-":
        json.dump(export_data(store), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        path = write_json(store, json_path)
        click.echo(f"wrote {path}", err=True)
    store.close()


@cli.command()
@click.option("--days", type=click.IntRange(1, 8), default=8, show_default=True,
              help="How many simulated days to replay.")
@click.option("--no-hostile", is_flag=True, help="Leave out the service whose pages are all broken.")
@pass_context
def demo(ctx: Context, days: int, no_hostile: bool) -> None:
    """Run the whole pipeline offline on invented services (the README's first command).

    A fixture web server on 127.0.0.1 plays eight simulated days of five invented services
    whose terms get worse (arbitration, AI training on your content, sale of data...), better,
    or only change cosmetically, plus one service whose pages are all broken. Each day is one
    real crawl; then the changes are diffed, classified and scored, and the site is built.
    The state goes to --home (default ~/.termswatch).
    """
    from .demo.tour import run_demo

    click.echo(f"Termswatch demo into {ctx.home.root}")
    report = run_demo(ctx.home, days=days, hostile=not no_hostile, echo=click.echo)
    click.echo("")
    click.echo("What the scenario planned, and what Termswatch concluded:")
    for check in report.checks:
        if check["day"] >= days:
            continue
        mark = "ok " if check["ok"] else "DIFF"
        categories = f" [{', '.join(check['categories'])}]" if check["categories"] else ""
        click.echo(f"  {mark} day {check['day']} {check['service']} / {check['terms_type']}: "
                   f"{check['event']} -> expected {check['expected']}, concluded {check['concluded']}{categories}")
    shown = [c for c in report.checks if c["day"] < days]
    click.echo(f"{sum(c['ok'] for c in shown)} of {len(shown)} conclusions match the scenario.")
    if report.site:
        click.echo(f"\nOpen the site: {report.site}")
    click.echo(f"Export the data: termswatch --home {ctx.home.root} export --json data.json")


# Commands that live beside their stage
from .alerts.cli import COMMANDS as ALERT_COMMANDS  # noqa: E402  subscribe, confirm, unsubscribe, ...

for _command in ALERT_COMMANDS:
    cli.add_command(_command)
