"""The ``termswatch`` command. Each command is a thin layer over a Python function.

Exit codes: 0 success; 1 an unexpected failure; 2 bad usage or bad input (an invalid
declaration or config file); 3 the work ran but some documents could not be captured.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .paths import Home

log = logging.getLogger("termswatch")

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_PARTIAL = 0, 1, 2, 3


class Context:
    def __init__(self, home: Home, verbose: int, quiet: bool, config_path: str | None = None):
        self.home = home
        self.verbose = verbose
        self.quiet = quiet
        self.config_path = config_path

    def store(self):
        from .store import StoreError, open_store
        try:
            return open_store(self.home)
        except StoreError as error:
            fail(str(error), EXIT_BAD_INPUT)

    def config(self):
        """The validated config (``--config``, else ``<home>/termswatch.toml``, else defaults)."""
        from .config import ConfigError, load_config
        path = self.config_path or self.home.config
        if self.config_path and not Path(self.config_path).exists():
            fail(f"{self.config_path}: config file not found", EXIT_BAD_INPUT)
        try:
            return load_config(path)
        except ConfigError as error:
            fail(str(error), EXIT_BAD_INPUT)


pass_context = click.make_pass_decorator(Context)


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    """Stop with a one-line reason on stderr (the contract's error form); control characters
    from data in ``message`` are escaped, so it stays one line."""
    from .safetext import escape
    click.echo(f"termswatch: {escape(message)}", err=True)
    sys.exit(code)


def _bad_input_errors() -> tuple[type[Exception], ...]:
    """The exceptions that mean "bad input" wherever they are raised (a declarations folder
    named on the command line that does not exist, a corrupt database...)."""
    from .config import ConfigError
    from .declarations import DeclarationError
    from .import_ota import ImportError_
    from .safepath import UnsafePath
    from .store import StoreError
    return ConfigError, DeclarationError, ImportError_, UnsafePath, StoreError


def setup_logging(verbose: int, quiet: bool) -> None:
    from .safetext import install_log_escaping
    install_log_escaping()  # names and URLs from data never start a line of their own
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)
    for noisy in ("scrapy", "twisted", "filelock", "urllib3", "apscheduler", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose > 2 else logging.WARNING)


class TermswatchGroup(click.Group):
    """Loads the commands (`monitor.commands`) on first use, so command modules can import
    this one without a cycle."""

    def _load(self) -> None:
        from . import commands  # noqa: F401  (registers every command on `cli`)

    def list_commands(self, ctx):
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx, name):
        self._load()
        return super().get_command(ctx, name)


@click.group(cls=TermswatchGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def main() -> None:
    import sqlite3

    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except sqlite3.Error as error:  # e.g. a full disk under the store: one line, not a traceback
        fail(f"the database failed: {' '.join(str(error).split()) or type(error).__name__}", EXIT_FAILURE)
    except Exception as error:
        if isinstance(error, _bad_input_errors()):
            fail(str(error), EXIT_BAD_INPUT)
        raise

