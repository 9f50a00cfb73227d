"""`monitor.text.markdown_to_text` and `markdown_to_line`, remembered for the site build.

A build turns the same clauses into text again and again: a clause quoted as evidence is
quoted by every change of its document that keeps it, and by the service page, and the
feeds quote it once more. Parsing Markdown was a fifth of a full build's time on the full
history (BENCHMARKS.md, "Site build time"); the functions are pure, so their answers are
kept: for one batch of services at a time (`forget` is called between batches: a clause
repeats within its document's history, and memory must not grow with the history), and at
most `CLAUSES_KEPT` of them.
"""

from __future__ import annotations

from functools import lru_cache

from .. import text

CLAUSES_KEPT = 8192


@lru_cache(maxsize=CLAUSES_KEPT)
def markdown_to_text(source: str | None) -> str:
    return text.markdown_to_text(source)


@lru_cache(maxsize=CLAUSES_KEPT)
def markdown_to_line(source: str | None) -> str:
    return text.markdown_to_line(source)


def forget() -> None:
    """Drop the kept answers (between batches of services)."""
    markdown_to_text.cache_clear()
    markdown_to_line.cache_clear()
    text.forget_parsed_paragraphs()
