"""The configuration file, ``<home>/termswatch.toml`` (or ``--config FILE``), validated at start.

Every key is optional; a missing file means all defaults. Secrets (the SMTP password) come
from the environment, never from the file. A mistake stops the program with an error naming
the file and the key::

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
from typing import Any

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


KNOWN = {
    "": {"declarations", "schedule", "crawl", "alerts", "smtp", "channels", "site", "web"},
    "schedule": {"interval", "jitter", "tick", "services", "documents"},
    "crawl": {"settings", "allow_private_networks"},
    "alerts": {"operators", "failures_before_alert", "site_url", "unsubscribe_url"},
    "smtp": {"host", "port", "security", "username", "sender", "timeout", "ca_file", "retry_initial", "retry_max"},
    "site": {"out", "build"},
    "web": {"base_url"},
}


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
    _check_keys(data, "", source)
    config = Config(source=source)
    if data.get("declarations"):
        config.declarations = _config_path(data, "declarations", source, base)
        if not config.declarations.is_dir():
            raise ConfigError(source, "declarations", f"folder not found: {config.declarations}")
    schedule = _table(data, "schedule", source)
    _check_keys(schedule, "schedule", source)
    for name in ("interval", "jitter", "tick"):
        if name in schedule:
            setattr(config.schedule, name, parse_duration(schedule[name], source, f"schedule.{name}"))
    if config.schedule.interval.total_seconds() <= 0:
        raise ConfigError(source, "schedule.interval", "must be longer than zero")
    for group in ("services", "documents"):
        table = _table(schedule, group, source, f"schedule.{group}")
        getattr(config.schedule, group).update(
            {name: parse_duration(value, source, f"schedule.{group}.{name}") for name, value in table.items()})
    crawl = _table(data, "crawl", source)
    _check_keys(crawl, "crawl", source)
    config.crawl_settings = dict(_table(crawl, "settings", source, "crawl.settings"))
    config.allow_private_networks = _typed(crawl, "allow_private_networks", bool, source,
                                           "crawl.allow_private_networks", False)
    alerts = _table(data, "alerts", source)
    _check_keys(alerts, "alerts", source)
    operators = alerts.get("operators", [])
    if not isinstance(operators, list) or not all(isinstance(a, str) and ("@" in a or "://" in a) for a in operators):
        raise ConfigError(source, "alerts.operators", "expected a list of email addresses or Apprise URLs")
    config.operators = operators
    if "failures_before_alert" in alerts:
        value = alerts["failures_before_alert"]
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1_000_000:
            raise ConfigError(source, "alerts.failures_before_alert", f"expected a whole number from 1 to 1000000, got {value!r}")
        config.failures_before_alert = value
    config.site_url = _typed(alerts, "site_url", str, source, "alerts.site_url", "")
    config.unsubscribe_url = _typed(alerts, "unsubscribe_url", str, source, "alerts.unsubscribe_url", "")
    smtp = _table(data, "smtp", source)
    _check_keys(smtp, "smtp", source)
    config.smtp = dict(smtp)
    config.channels = dict(_table(data, "channels", source))
    site = _table(data, "site", source)
    _check_keys(site, "site", source)
    if site.get("out"):
        config.site_out = _config_path(site, "out", source, base, "site.out")
        if config.site_out.exists() and not config.site_out.is_dir():
            raise ConfigError(source, "site.out", f"not a folder: {config.site_out}")
    config.site_build = _typed(site, "build", bool, source, "site.build", True)
    web = _table(data, "web", source)
    _check_keys(web, "web", source)
    base_url = _typed(web, "base_url", str, source, "web.base_url", "")
    if base_url:
        from .web.urls import BaseUrlError, check_base_url
        try:
            config.web_base_url = check_base_url(base_url)
        except BaseUrlError as error:
            raise ConfigError(source, "web.base_url", str(error)) from None
    return config


def _config_path(table: dict, name: str, source: str, base: Path | None, key: str | None = None) -> Path:
    """A path from the config. The config is the operator's own, so it may name any folder
    (absolute, ``~/...``, or relative to the config file's folder); only a malformed value
    is an error. What is *inside* a folder it names is data, and stays inside it
    (`monitor.declarations.declaration_files`)."""
    text = _typed(table, name, str, source, key or name)
    if "\x00" in text:
        raise ConfigError(source, key or name, "a path cannot hold a NUL character")
    path = Path(text).expanduser()
    return path if path.is_absolute() or base is None else base / path


def _check_keys(table: dict, where: str, source: str) -> None:
    unknown = set(table) - KNOWN[where]
    if unknown:
        key = f"{where}.{sorted(unknown)[0]}" if where else sorted(unknown)[0]
        raise ConfigError(source, key, f"unknown key (known: {', '.join(sorted(KNOWN[where]))})")


def _table(data: dict, name: str, source: str, key: str | None = None) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(source, key or name, f"expected a table, got {type(value).__name__}")
    return value


def _typed(data: dict, name: str, kind: type, source: str, key: str | None = None, default: Any = None) -> Any:
    if name not in data:
        return default
    value = data[name]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ConfigError(source, key or name, f"expected {kind.__name__}, got {value!r}")
    return value
