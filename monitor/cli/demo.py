"""``termswatch demo``: the whole pipeline offline on invented services."""

from __future__ import annotations

import click

from .base import Context, pass_context


@click.command()
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
    The demo's state goes to <home>/demo, which each run starts afresh.
    """
    from ..demo.tour import demo_home, run_demo

    click.echo(f"Termswatch demo into {demo_home(ctx.home).root}")
    report = run_demo(ctx.home, days=days, hostile=not no_hostile, echo=click.echo)
    click.echo("")
    click.echo("What the scenario planned, and what Termswatch concluded ('ok' only where they agree):")
    for line in expectations_table([c for c in report.checks if c["day"] < days]):
        click.echo(line)
    home = report.home
    if report.site:
        click.echo(f"\nOpen the site:   {report.site}")
        click.echo(f"Atom feeds:      {home / 'site' / 'feeds'}")
        click.echo(f"Or serve it:     termswatch --home {home} site serve")
    click.echo(f"Export the data: termswatch --home {home} export --json data.json")
    click.echo(f"What was seen:   termswatch --home {home} status")
    click.echo(f"The full log:    {report.log}")


def expectations_table(checks: list[dict]) -> list[str]:
    """The demo's final table: one row per scenario event, its result first (``ok`` when the
    conclusion is the expectation, ``DIFF`` otherwise), then a count."""
    header = ("result", "day", "document", "event", "expected", "concluded", "categories")
    rows = [("ok" if c["ok"] else "DIFF", str(c["day"]), f"{c['service']} / {c['terms_type']}", c["event"],
             c["expected"], c["concluded"], ", ".join(c["categories"])) for c in checks]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
             for row in [header, *rows]]
    lines = [line.rstrip() for line in lines]
    lines.append(f"{sum(c['ok'] for c in checks)} of {len(checks)} conclusions match the scenario.")
    return lines


COMMANDS = [demo]
