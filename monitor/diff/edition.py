"""The date a version gives itself, and captures of an older edition.

Editions of terms are dated ("Last updated: 17 March 2025", "Dated: January 5, 2022", "Date of
last revision: 21 August 2020"). When a capture states *the date of an edition already seen*
of the same document, and that date is earlier than the date of the edition it follows, the
archive was most likely served that older edition again (a cache, another region's page, a
preview withdrawn): its differences are old news, not new terms. A date never seen before is
judged on its words whatever it says (a new edition may carry an old "Effective" line above
its own date, or a mistyped year).

The date read is the first line of the text that only dates the document (the diff's own test,
`normalise.is_dating_line`: a dating word and a day-precise date, at most a few words beside);
a date in an obligation ("From 1 May 2024 we share ...") is no such line, and days later than
the capture itself (an announced "Effective: July 1" read in June) are left aside.

>>> stated_date("# Terms\\n\\nFrom 1 May 2030 we share your data.\\n\\nLast updated: March 17, 2025\\n\\nBe nice.")
'2025-03-17'
>>> stated_date("Effective: July 1, 2025\\n\\nLast updated: June 10, 2025", not_after="2025-06-12")
'2025-06-10'
>>> stated_date("Effective July 2023\\n\\nTerms.") is None   # no day: unknown
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..dates import find_dates, iso_date
from .memo import CLAUSE_CHARS_KEPT, by_text
from .normalise import is_dating_line, stage_forms

# A dating line is short ("Effective as of March 17, 2025 (view previous version)").
_MAX_DATING_LINE = 300
_ASCII_DIGIT = re.compile(r"[0-9]")


def has_digit(line: str) -> bool:
    """``any(c.isdigit() for c in line)``, at C speed: most lines are ASCII, whose only digits
    are 0-9; another line may hold any of Unicode's (superscripts, other scripts). Every line
    of every version a history's older editions are looked for in goes through this."""
    return bool(_ASCII_DIGIT.search(line)) if line.isascii() else any(map(str.isdigit, line))


def _dated_lines(text: str, not_after: str | None) -> Iterator[str]:
    """The latest day (up to ``not_after``) named on each line of ``text`` that only dates the
    document, in order."""
    for line in text.splitlines():
        line = line.strip()
        if not line or len(line) > _MAX_DATING_LINE or not has_digit(line):
            continue
        if not _only_dates(line):
            continue
        days = [day for day in (iso_date(m) for m in find_dates(line)) if day and (not not_after or day <= not_after)]
        if days:
            yield max(days)


@by_text(CLAUSE_CHARS_KEPT)
def _only_dates(line: str) -> bool:
    """`is_dating_line` of a line, kept by its text: a document's versions repeat most of their
    numbered lines, each read again for every version."""
    return is_dating_line(stage_forms(line))


def dates_stated(text: str) -> set[str]:
    """Every day named on a line of ``text`` that only dates a document (a page carrying
    several documents dates each of them)."""
    return set(_dated_lines(text, None))


def stated_date(text: str, not_after: str | None = None) -> str | None:
    """``YYYY-MM-DD``: the latest day named on the first line of ``text`` that only dates the
    document, leaving aside days after ``not_after`` (the capture's own day); None when no
    such line names a day."""
    return next(_dated_lines(text, not_after), None)


class EditionDates:
    """The date each version of one document states, read once per version.

    ``version`` gives a version row with its text by id (rows already holding ``text`` are
    read as they are)."""

    def __init__(self, version: Callable[[int], dict]):
        self._version, self._dates = version, {}

    def of(self, row: dict) -> str | None:
        if row["id"] not in self._dates:
            full = row if "text" in row else self._version(row["id"])
            self._dates[row["id"]] = stated_date(full["text"], not_after=str(full["recorded_at"])[:10])
        return self._dates[row["id"]]

    def dated_later(self, row: dict, than: dict) -> bool:
        """Whether ``row`` states a later edition date than ``than`` does."""
        date, other = self.of(row), self.of(than)
        return bool(date and other and date > other)

    def same_date(self, row: dict, other: dict) -> bool:
        """Whether both versions state the same edition date (and state one)."""
        date = self.of(row)
        return bool(date) and date == self.of(other)

    def older_edition(self, base: dict, new: dict, seen: list[dict]) -> bool:
        """Whether ``new`` is an older edition served after ``base`` (the edition in force): it
        states the date of a version in ``seen`` (the trusted versions before ``base``), and
        that date is earlier than the one ``base`` states."""
        new_date = self.of(new)
        if not new_date:
            return False
        base_date = self.of(base)
        if not base_date or new_date >= base_date:
            return False
        return any(self.of(row) == new_date for row in reversed(seen))
