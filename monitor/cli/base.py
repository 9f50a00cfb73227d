"""What every command module of `monitor.cli` shares: the `Context` (home, config, store),
`fail` with the exit codes, logging set-up, a progress line, a table printer, and the crawl
settings as given by the config and ``--set``.

Exit codes: 0 success; 1 an unexpected failure; 2 bad usage or bad input (an invalid
declaration or config file); 3 the work ran but some documents could not be captured.

This module imports no other module of `monitor.cli`, so each command module can import it.
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from ..paths import Home

log = logging.getLogger("termswatch")

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_PARTIAL = 0, 1, 2, 3


class Context:
    def __init__(self, home: Home, verbose: int, quiet: bool, config_path: str | None = None):
        self.home = home
        self.verbose = verbose
        self.quiet = quiet
        self.config_path = config_path

    def store(self):
        from ..store import StoreError, open_store
        try:
            return open_store(self.home)
        except StoreError as error:
            fail(str(error), EXIT_BAD_INPUT)

    def config(self):
        """The validated config (``--config``, else ``<home>/termswatch.toml``, else defaults)."""
        from ..config import ConfigError, load_config
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
    from ..safetext import escape
    click.echo(f"termswatch: {escape(message)}", err=True)
    sys.exit(code)


def bad_input_errors() -> tuple[type[Exception], ...]:
    """The exceptions that mean "bad input" wherever they are raised (a declarations folder
    named on the command line that does not exist, a corrupt database...)."""
    from ..config import ConfigError
    from ..declarations import DeclarationError
    from ..import_ota import ImportError_
    from ..safepath import UnsafePath
    from ..store import StoreError
    return ConfigError, DeclarationError, ImportError_, UnsafePath, StoreError


def setup_logging(verbose: int, quiet: bool) -> None:
    from ..safetext import install_log_escaping
    install_log_escaping()  # names and URLs from data never start a line of their own
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)
    for noisy in ("scrapy", "twisted", "filelock", "urllib3", "apscheduler", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose > 2 else logging.WARNING)


def workers_option(command):
    """``--workers N`` of the commands that analyse on worker processes (`monitor.parallel`)."""
    return click.option("--workers", type=click.IntRange(1, 64), default=None,
                        help="processes for the analysis (default: one per core; 1 uses the least memory)")(command)


class Progress:
    """Progress of a long job on stderr: a line rewritten in place on a terminal, else a
    line every 10% per stage (for logs). Silent with --quiet."""

    def __init__(self, ctx: Context, label: str):
        import sys
        self.enabled = not ctx.quiet
        self.terminal = sys.stderr.isatty()
        self.label = label
        self.stage = None
        self.next_share = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        import time
        if not self.enabled or not total:
            return
        now = time.monotonic()
        if stage != self.stage:
            if self.terminal and self.stage:
                click.echo("", err=True)
            self.stage, self.next_share, self.started, self.shown = stage, 0.0, now, 0.0
        rate = f" ({done / (now - self.started):.1f}/s)" if now > self.started else ""
        if self.terminal:
            if done == total or now - self.shown >= 0.2:
                click.echo(f"\r{self.label}: {stage} {done}/{total}{rate}   ", err=True, nl=False)
                self.shown = now
        elif done / total >= self.next_share or done == total:
            click.echo(f"{self.label}: {stage} {done}/{total}{rate}", err=True)
            self.next_share = done / total + 0.1

    def close(self) -> None:
        if self.enabled and self.terminal and self.stage:
            click.echo("", err=True)


@contextmanager
def progress_bar(ctx: Context, label: str):
    bar = Progress(ctx, label)
    try:
        yield bar
    finally:
        bar.close()


def print_table(rows: list[tuple[str, ...]]) -> None:
    """Columns padded to their widest cell; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


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


def crawl_settings(config, set_: tuple[str, ...] = ()) -> dict:
    """The config's ``[crawl.settings]`` with ``--set`` over them, each checked as Scrapy will
    read it: a bad one stops the command (exit 2) naming where it came from."""
    from ..crawl_settings import CrawlSettingError, check_crawl_settings

    overrides = parse_settings(set_)
    try:
        check_crawl_settings(config.crawl_settings, f"{config.source}: crawl.settings.")
        check_crawl_settings(overrides, "--set ")
    except CrawlSettingError as error:
        fail(str(error), EXIT_BAD_INPUT)
    return {**config.crawl_settings, **overrides}
