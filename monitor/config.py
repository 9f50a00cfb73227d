"""The configuration file, ``<home>/termswatch.toml`` (or ``--config FILE``), validated at start.

Every key is optional; a missing file means all defaults. Secrets (the SMTP password) come
from the environment, never from the file. Every key is declared once, with its type, in
`SCHEMA` (the one place to add a key); a mistake stops the program (exit 2) with an error
naming the file and the key::

    termswatch.toml: schedule.interval: expected a duration such as "6h" or "30m", got "often"

Example (every key shown with its default)::

    declarations = ""                # a folder of declarations; "" = the catalogue + <home>/declarations
                                     # (paths: absolute, ~/..., or relative to this file's folder)

    [schedule]
    interval = "6h"                  # how often each document is captured
    jitter = "10m"                   # spread captures so sites aren't all hit at once
    tick = "1m"                      # how often the daemon looks for due documents
    [schedule.services]              # per-service intervals
    # "Google" = "1h"
    [schedule.documents]             # per-document intervals, "<service> / <terms type>"
    # "Google / Privacy Policy" = "30m"

    [crawl]
    allow_private_networks = false   # true: captures may reach loopback/private/link-local addresses
    [crawl.settings]                 # Scrapy settings for the crawler (politeness...)
    # DOWNLOAD_DELAY = 2

    [alerts]
    operators = []                   # addresses told when a document keeps failing
    failures_before_alert = 3        # consecutive failed captures before telling them
    site_url = ""                    # public URL of the site, for links in mails
    unsubscribe_url = ""             # an https endpoint for one-click unsubscribe ("" = mailto only)

    [smtp]                           # see monitor.alerts; TERMSWATCH_SMTP_* env vars win
    host = "localhost"
    port = 25
    security = "none"                # none | starttls | tls
    username = ""
    sender = "termswatch@localhost"

    [channels.apprise]               # alerts to Apprise URLs (json://, ntfy://, slack://...)
    enabled = true                   # [channels.email] enabled = false turns mail off likewise
    timeout = "10s"
    retry_initial = "1m"             # first retry after this, doubling...
    retry_max = "1h"                 # ... up to this

    [site]
    out = ""                         # "" = <home>/site
    build = true                     # rebuild the site and feeds after each cycle

    [web]                            # `termswatch serve`: the site plus subscribe / versions / diffs
    base_url = ""                    # its public URL, e.g. "https://terms.example.org/": links in
                                     # mails (confirm, unsubscribe) and the site's forms point there
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable, NamedTuple

from .safetext import escape

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_DURATION = timedelta(days=366)


class ConfigError(ValueError):
    def __init__(self, source: str, key: str, reason: str):
        self.source, self.key, self.reason = source, key, reason
        message = f"{source}: {key}: {reason}" if key else f"{source}: {reason}"
        super().__init__(escape(message))  # one line, whatever a key or value holds


def parse_duration(value: Any, source: str = "<config>", key: str = "") -> timedelta:
    """``"90s"``, ``"30m"``, ``"6h"``, ``"1d"`` or a number of seconds.

    >>> parse_duration("6h")
    datetime.timedelta(seconds=21600)
    """
    if isinstance(value, bool):
        raise ConfigError(source, key, f'expected a duration such as "6h" or "30m", got {value!r}')
    if isinstance(value, (int, float)) and value >= 0:
        seconds = float(value)
    else:
        match = DURATION.match(value) if isinstance(value, str) else None
        if not match:
            raise ConfigError(source, key, f'expected a duration such as "6h" or "30m", got {value!r}')
        seconds = float(match.group(1)) * UNITS[match.group(2)]
    # 1e400 is infinity in TOML; "99999999999d" overflows a timedelta (and a schedule's dates)
    if not math.isfinite(seconds) or seconds > MAX_DURATION.total_seconds():
        raise ConfigError(source, key, f"{value!r} is longer than the longest duration allowed ({MAX_DURATION.days}d)")
    return timedelta(seconds=seconds)


@dataclass
class Schedule:
    interval: timedelta = timedelta(hours=6)
    jitter: timedelta = timedelta(minutes=10)
    tick: timedelta = timedelta(minutes=1)
    services: dict[str, timedelta] = field(default_factory=dict)
    documents: dict[str, timedelta] = field(default_factory=dict)

    def interval_for(self, service_id: str, terms_type: str) -> timedelta:
        return self.documents.get(f"{service_id} / {terms_type}") or self.services.get(service_id) or self.interval


@dataclass
class Config:
    source: str = "<defaults>"
    declarations: Path | None = None
    schedule: Schedule = field(default_factory=Schedule)
    crawl_settings: dict = field(default_factory=dict)
    allow_private_networks: bool = False
    operators: list[str] = field(default_factory=list)
    failures_before_alert: int = 3
    site_url: str = ""
    unsubscribe_url: str = ""
    smtp: dict = field(default_factory=dict)
    channels: dict = field(default_factory=dict)   # [channels.<kind>] tables, checked by monitor.alerts.channels
    site_out: Path | None = None
    site_build: bool = True
    web_base_url: str = ""          # [web] base_url, checked by monitor.web.check_base_url


# -- the schema -------------------------------------------------------------------------------
# Every key of the file, once: its type (a reader that returns the typed value or raises a
# ConfigError naming the key) and the `Config` attribute it fills. Tables nest as dicts; a key
# not listed is refused with the table's known keys. Values a stage checks against the
# environment or the network (the [smtp] table, [channels.*], Scrapy's [crawl.settings]) are
# typed here only as far as the file alone can tell; their stage finishes the job
# (`monitor.alerts.config.SmtpConfig`, `monitor.alerts.channels`, `monitor.crawl_settings`).

class Key(NamedTuple):
    read: Callable[[Any, "Where"], Any]
    attribute: str | None = None      # None: kept in its table's dict (see TABLE_ATTRIBUTES)
    listed: bool = True               # named among the known keys when a key is unknown


class Where(NamedTuple):
    source: str           # the file
    key: str              # "schedule.interval"
    base: Path | None     # the file's folder, for relative paths

    def error(self, reason: str) -> "ConfigError":
        return ConfigError(self.source, self.key, reason)


def _duration(value: Any, where: Where) -> timedelta:
    return parse_duration(value, where.source, where.key)


def _positive_duration(value: Any, where: Where) -> timedelta:
    duration = _duration(value, where)
    if duration.total_seconds() <= 0:
        raise where.error("must be longer than zero")
    return duration


def _of_type(kind: type) -> Callable[[Any, Where], Any]:
    def read(value: Any, where: Where) -> Any:
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise where.error(f"expected {kind.__name__}, got {value!r}")
        return value
    read.__name__ = kind.__name__
    return read


_text, _boolean = _of_type(str), _of_type(bool)


def _table(value: Any, where: Where) -> dict:
    if not isinstance(value, dict):
        raise where.error(f"expected a table, got {type(value).__name__}")
    return dict(value)


def _durations_by_name(value: Any, where: Where) -> dict[str, timedelta]:
    return {name: _duration(item, where._replace(key=f"{where.key}.{name}"))
            for name, item in _table(value, where).items()}


def _path(value: Any, where: Where) -> Path | None:
    """A path from the config ("" = none). The config is the operator's own, so it may name
    any folder (absolute, ``~/...``, or relative to the config file's folder); only a
    malformed value is an error. What is *inside* a folder it names is data, and stays inside
    it (`monitor.declarations.declaration_files`)."""
    text = _text(value, where)
    if not text:
        return None
    if "\x00" in text:
        raise where.error("a path cannot hold a NUL character")
    path = Path(text).expanduser()
    return path if path.is_absolute() or where.base is None else where.base / path


def _existing_folder(value: Any, where: Where) -> Path | None:
    path = _path(value, where)
    if path is not None and not path.is_dir():
        raise where.error(f"folder not found: {path}")
    return path


def _folder_to_write(value: Any, where: Where) -> Path | None:
    path = _path(value, where)
    if path is not None and path.exists() and not path.is_dir():
        raise where.error(f"not a folder: {path}")
    return path


def _operators(value: Any, where: Where) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(a, str) and ("@" in a or "://" in a) for a in value):
        raise where.error("expected a list of email addresses or Apprise URLs")
    return value


def _whole_number(low: int, high: int) -> Callable[[Any, Where], int]:
    def read(value: Any, where: Where) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise where.error(f"expected a whole number from {low} to {high}, got {value!r}")
        return value
    return read


def _base_url(value: Any, where: Where) -> str:
    text = _text(value, where)
    if not text:
        return ""
    from .web.urls import BaseUrlError, check_base_url
    try:
        return check_base_url(text)
    except BaseUrlError as error:
        raise where.error(str(error)) from None


def _any(value: Any, where: Where) -> Any:
    return value


def _refused(reason: str) -> Callable[[Any, Where], Any]:
    def read(value: Any, where: Where) -> Any:
        raise where.error(reason)
    return read


SMTP_KEYS = ("host", "port", "security", "username", "sender", "timeout", "ca_file", "retry_initial", "retry_max")
"""The keys of ``[smtp]``; `monitor.alerts.config.SmtpConfig` checks their values, with the
``TERMSWATCH_SMTP_*`` environment over them."""

SCHEMA: dict[str, Any] = {
    "declarations": Key(_existing_folder, "declarations"),
    "schedule": {
        "interval": Key(_positive_duration, "schedule.interval"),
        "jitter": Key(_duration, "schedule.jitter"),
        "tick": Key(_duration, "schedule.tick"),
        "services": Key(_durations_by_name, "schedule.services"),
        "documents": Key(_durations_by_name, "schedule.documents"),
    },
    "crawl": {
        "settings": Key(_table, "crawl_settings"),             # checked as Scrapy reads them: monitor.crawl_settings
        "allow_private_networks": Key(_boolean, "allow_private_networks"),
    },
    "alerts": {
        "operators": Key(_operators, "operators"),
        "failures_before_alert": Key(_whole_number(1, 1_000_000), "failures_before_alert"),
        "site_url": Key(_text, "site_url"),
        "unsubscribe_url": Key(_text, "unsubscribe_url"),
    },
    "smtp": {key: Key(_any) for key in SMTP_KEYS}
            | {"password": Key(_refused("keep the password out of files: set TERMSWATCH_SMTP_PASSWORD instead"),
                      listed=False)},
    "channels": Key(_table, "channels"),                       # [channels.<kind>]: monitor.alerts.channels
    "site": {
        "out": Key(_folder_to_write, "site_out"),
        "build": Key(_boolean, "site_build"),
    },
    "web": {
        "base_url": Key(_base_url, "web_base_url"),
    },
}
# Tables whose keys are kept as a plain dict on `Config` (their stage reads them).
TABLE_ATTRIBUTES = {"smtp": "smtp"}


def load_config(path: str | Path | None) -> Config:
    """Read and validate a config file; a path that does not exist gives the defaults."""
    if path is None or not Path(path).exists():
        return Config()
    path = Path(path)
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(source, "", "not UTF-8 text")
    except OSError as error:  # a folder in its place, no permission...
        raise ConfigError(source, "", f"cannot read: {error.strerror or error}")
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(source, "", f"invalid TOML: {error}")
    return parse_config(data, source, base=path.parent)


def parse_config(data: dict, source: str = "<config>", base: Path | None = None) -> Config:
    """A `Config` from the parsed TOML ``data``, every key checked against `SCHEMA`."""
    config = Config(source=source)
    _read_table(data, SCHEMA, Where(source, "", base), config)
    return config


def _read_table(table: dict, schema: dict, where: Where, config: Config) -> None:
    unknown = sorted(set(table) - set(schema))
    if unknown:
        known = sorted(name for name, key in schema.items() if not isinstance(key, Key) or key.listed)
        raise ConfigError(where.source, _join(where.key, unknown[0]), f"unknown key (known: {', '.join(known)})")
    for name, value in table.items():
        spec, inner = schema[name], where._replace(key=_join(where.key, name))
        if isinstance(spec, dict):
            _read_table(_table(value, inner), spec, inner, config)
            if name in TABLE_ATTRIBUTES:
                setattr(config, TABLE_ATTRIBUTES[name], dict(value))
            continue
        typed = spec.read(value, inner)
        if spec.attribute:
            owner, _, attribute = spec.attribute.rpartition(".")
            setattr(getattr(config, owner) if owner else config, attribute, typed)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


