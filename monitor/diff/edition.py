"""The date a version gives itself, and captures of an older edition.

A publisher dates each edition of its terms ("Last updated: 17 March 2025", "Dated: January 5,
2022", "Date of last revision: 21 August 2020") and never dates a new edition before the one it
replaces. A capture whose own date is *earlier* than the date of the version before it is
therefore not a change made at the source: the archive was served an older edition (a cache,
another region's page, a preview withdrawn). Its differences are the differences between two
editions, old news, not new terms.

The date read is the first line of the text that only dates the document (the diff's own test,
`normalise.is_dating_line`: a dating word and a day-precise date, at most a few words beside);
a date in an obligation ("From 1 May 2024 we share ...") is no such line. Without a dated line
on both sides, nothing is said.

>>> stated_date("# Terms\\n\\nFrom 1 May 2030 we share your data.\\n\\nLast updated: March 17, 2025\\n\\nBe nice.")
'2025-03-17'
>>> older_edition("Dated: March 17, 2025\\n\\nWe may close accounts.", "Dated: January 5, 2022\\n\\nWe close accounts.")
True
>>> older_edition("Dated: January 5, 2022\\n\\nOld.", "Dated: March 17, 2025\\n\\nNew.")
False
>>> older_edition("Effective July 2023\\n\\nTerms.", "Effective June 2023\\n\\nTerms.")   # no day: unknown
False
"""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import find_dates, iso_date
from .normalise import is_dating_line, stage_forms

# A dating line is short ("Effective as of March 17, 2025 (view previous version)").
_MAX_DATING_LINE = 300


def _dated_lines(text: str) -> Iterator[str]:
    """The latest day named on each line of ``text`` that only dates the document, in order."""
    for line in text.splitlines():
        line = line.strip()
        if not line or len(line) > _MAX_DATING_LINE or not any(c.isdigit() for c in line):
            continue
        if not is_dating_line(stage_forms(line)):
            continue
        days = [day for day in (iso_date(m) for m in find_dates(line)) if day]
        if days:
            yield max(days)


def stated_date(text: str) -> str | None:
    """``YYYY-MM-DD``: the latest day named on the first line of ``text`` that only dates the
    document; None when no such line names a day."""
    return next(_dated_lines(text), None)


def older_edition(old_text: str, new_text: str) -> bool:
    """Whether ``new_text`` is an older edition than ``old_text``: it dates itself earlier."""
    new_days = list(_dated_lines(new_text))
    if not new_days:
        return False
    old_days = list(_dated_lines(old_text))
    if not old_days:
        return False
    return new_days[0] < old_days[0]
