"""The ``termswatch`` command: one module per group of commands, each command thin (parse the
options, call one function of the Python API, print).

    base.py       Context, fail and exit codes, progress, tables: shared by every module below
    capture.py    crawl, reextract, worker, import-ota
    run.py        run (the daemon), status
    analysis.py   diff, classify, score, clauses
    publish.py    export, site build, site serve
    serve.py      serve (the site plus the web app)
    alerts.py     subscribe, confirm, unsubscribe, subscriptions, alerts send|pending|retry
    catalogue.py  validate, add, preview, catalogue update
    demo.py       demo

Only this package imports `monitor.cli`; its modules import `base` (and `serve` imports
`publish`), never each other in a circle (`tests/test_architecture.py` checks both).
"""

from __future__ import annotations

import click

from .. import __version__
from ..paths import Home
from . import alerts, analysis, capture, catalogue, demo, publish, run, serve
from .base import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, Context, bad_input_errors, fail, setup_logging

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILURE", "EXIT_OK", "EXIT_PARTIAL", "Context", "cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", envvar="TERMSWATCH_HOME", type=click.Path(file_okay=False),
              help="State directory (database, snapshots, site, logs). "
                   "Default: $TERMSWATCH_HOME or ~/.termswatch.")
@click.option("--config", "config_path", envvar="TERMSWATCH_CONFIG", type=click.Path(dir_okay=False),
              help="Config file (TOML). Default: <home>/termswatch.toml if it exists.")
@click.option("-v", "--verbose", count=True, help="More log output (repeat for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@click.version_option(__version__, prog_name="termswatch")
@click.pass_context
def cli(ctx: click.Context, home: str | None, config_path: str | None, verbose: int, quiet: bool) -> None:
    """Termswatch watches platforms' terms of service and privacy policies.

    It captures every declared document, records a new version only when the legal text
    really changed, tells which changes hurt users, scores each service, and publishes a
    static site, Atom feeds and email alerts.

    \b
    Typical use:
      termswatch demo                      # a self-contained demo on 127.0.0.1
      termswatch crawl                     # capture the shipped catalogue once
      termswatch import-ota ../shared/corpus/ota
      termswatch export --json data.json
    """
    setup_logging(verbose, quiet)
    ctx.obj = Context(Home(home), verbose, quiet, config_path)


for _module in (capture, run, analysis, publish, serve, alerts, catalogue, demo):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    import sqlite3

    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except sqlite3.Error as error:  # e.g. a full disk under the store: one line, not a traceback
        fail(f"the database failed: {' '.join(str(error).split()) or type(error).__name__}", EXIT_FAILURE)
    except Exception as error:
        from ..parallel import WorkerLost

        if isinstance(error, bad_input_errors()):
            fail(str(error), EXIT_BAD_INPUT)
        if isinstance(error, WorkerLost):   # the machine's doing, not a bug: one line, no traceback
            fail(str(error), EXIT_FAILURE)
        raise
