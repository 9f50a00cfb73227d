"""Scrapy settings given by people (``[crawl.settings]`` in the config, ``crawl --set``),
checked before a crawler starts.

Scrapy reads most settings only when the part that uses them starts, and a value it cannot
use then crashes the crawler mid-start (``DOWNLOAD_DELAY = "abc"``). So each given value is
read here the way Scrapy will read it, judged by the type of the setting's default (Scrapy's
own, or the project's in `spiders.settings`), and a bad one is refused with its key named::

    termswatch.toml: crawl.settings.DOWNLOAD_DELAY: expected a number, got 'abc'

Settings without a default (unknown to Scrapy, or extensions' own) are passed on as given;
whatever still crashes the crawler is caught by `monitor.capture` and reported in one line.
"""

from __future__ import annotations

from typing import Any


class CrawlSettingError(ValueError):
    """A crawl setting the crawler cannot use; the message names where it came from."""


def check_crawl_settings(settings: dict[str, Any], where: str = "crawl setting ") -> None:
    """Raise `CrawlSettingError` for the first setting Scrapy could not read.

    ``where`` prefixes the setting's name in the message, e.g.
    ``"termswatch.toml: crawl.settings."`` or ``"--set "``.
    """
    from scrapy.settings import Settings

    from spiders import settings as project_settings

    defaults = Settings()
    defaults.setmodule(project_settings, priority="project")
    for name, value in settings.items():
        if not isinstance(name, str) or not name.strip():
            raise CrawlSettingError(f"{where}{name!r}: not a setting name")
        default = defaults.get(name)
        reader, expected = _reader_for(default)
        if reader is None:
            continue
        try:
            getattr(Settings({name: value}), reader)(name)
        except (ValueError, TypeError):
            raise CrawlSettingError(f"{where}{name}: expected {expected}, got {value!r}"[:300]) from None


def _reader_for(default: Any) -> tuple[str | None, str]:
    """The `scrapy.settings.BaseSettings` getter that fits a setting's default value."""
    if isinstance(default, bool):
        return "getbool", "true or false"
    if isinstance(default, (int, float)):
        return "getfloat", "a number"  # Scrapy reads some as int, some as float: both parse
    if isinstance(default, dict):
        return "getdict", "a table"
    if isinstance(default, (list, tuple)):
        return "getlist", "a list"
    return None, ""
