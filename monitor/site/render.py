"""The Jinja2 environment every page renders with (autoescaped: captured text is always
escaped), and its few filters and helpers."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from . import urls
from .markup import format_date, format_time
from .words import SEVERITY_WORDS, verdict

PACKAGE_DIR = Path(__file__).resolve().parent
OUTCOME_WORDS = {"first": "first capture", "change": "a new version", "unchanged": "no change",
                 "error": "the capture failed"}


@jinja2.pass_context
def _url(context, path: str) -> str:
    return context["root"] + path


def _points(value: float) -> str:
    if not value:
        return "0"
    sign = "+" if value > 0 else "\u2212"
    return f"{sign}{abs(value):g}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True,
                             # templates change with the package (`pages.site_version`), not
                             # while it runs: no stat of every template file for every page
                             auto_reload=False)
    env.filters.update(date=format_date, datetime=format_time, points=_points)
    env.globals.update(url=_url, verdict=verdict, severity_word=lambda s: SEVERITY_WORDS.get(s, str(s)),
                       outcome_words=lambda o: OUTCOME_WORDS.get(o, o or "unknown"))
    return env


def render(template: str, page_path: str, **context) -> str:
    return environment().get_template(template).render(root=urls.root_prefix(page_path), **context)
