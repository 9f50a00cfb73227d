"""The one date finder: dates written in English, French, German, Spanish, Italian,
Portuguese or Dutch ("1 July 2023", "July 1, 2023", "1er juillet 2023", "2023-07-01",
"01/07/2023", "July 2023", "July 1").

Two stages read dates: the diff masks them (`monitor.diff.normalise`: "Last updated: <date>"
is no substantive edit), and the classifier reads the date a text takes effect on
(`monitor.classify.imposition`). Both use `DATE` here; `iso_date` turns a match into
``YYYY-MM-DD`` when it names a day unambiguously (a year, a month and a day; numeric forms
such as ``01/07/2023`` are ambiguous and give None).

>>> [iso_date(m) for m in DATE_ANY_CASE.finditer("Effective 1 July 2023, after 2 mars 2020 and 04/05/2021.")]
['2023-07-01', '2020-03-02', None]
>>> iso_date(DATE_ANY_CASE.search("Updated: December 3rd, 2024"))
'2024-12-03'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

# Month names, January to December, in each language (abbreviations are English only).
_MONTH_NAMES = [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "januar februar maerz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "enero febrero marzo abril mayo junio julio agosto setiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "januari februari maart april mei juni juli augustus september oktober november december",
]
MONTHS: dict[str, int] = {"sept": 9}
for _names in _MONTH_NAMES:
    for _number, _name in enumerate(_names.split(), 1):
        MONTHS.setdefault(_name, _number)

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
YEAR = r"(?:1[89]\d\d|2\d\d\d)"   # a plausible year, as a pattern



def _group(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


_DATE_PATTERN = r"\b(?:" + "|".join([
    _group("iso_year", r"\d{4}") + "-" + _group("iso_month", r"\d{1,2}") + "-" + _group("iso_day", r"\d{1,2}"),
    r"\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})",                                   # 01/07/2023, 1.7.23
    _group("dm_day", _DAY) + r"\s+(?:de\s+|of\s+)?" + _group("dm_month", _MONTH)
    + r",?\s+(?:de\s+)?" + _group("dm_year", YEAR),                             # 1 July 2023
    _group("md_month", _MONTH) + r"\s+" + _group("md_day", _DAY) + r",?\s+" + _group("md_year", YEAR),  # July 1, 2023
    _MONTH + r",?\s+(?:de\s+)?" + YEAR,                                         # July 2023
    _MONTH + r"\s+" + _DAY + r"(?!\w)",                                          # July 1 (no year)
]) + r")\b"

DATE = re.compile(_DATE_PATTERN)
"""Dates in case-folded text (what the diff's normalisation stages see)."""
DATE_ANY_CASE = re.compile(_DATE_PATTERN, re.IGNORECASE)
"""Dates in text as written."""

# Where a date can start: a digit, or a month name at a word boundary that a number follows
# (every alternative of the pattern opens so: the three that open with a month go on with
# ``\.?,?\s+(?:de\s+)?`` and a digit), with the same flags; no word boundary falls inside one
# of these. Of the places a digit or a month's first letter opens a word (a few in ten of a
# whole version's words), the second lookahead keeps the words of 3-10 letters that a number
# follows, and only there are the ~100 names tried one by one: in a whole version nearly every
# month-like word is no month ("we may", "mar" of "marketing", "mai" of "maintain"), and trying
# the names at each of them was most of the finder's time. Only the name is consumed, as
# before, so a candidate that does not open a date never hides the next one.
_FIRST_LETTERS = "".join(sorted({name[0] for name in MONTHS}))
assert all(3 <= len(name) <= 10 and name.isalpha() for name in MONTHS)   # what `\w{3,10}` below relies on
_AFTER_MONTH = r"\.?,?\s+(?:de\s+)?\d"
_DATE_START = re.compile(rf"\b(?=[\d{_FIRST_LETTERS}])(?:\d|(?=\w{{3,10}}{_AFTER_MONTH})(?:"
                         + "|".join(sorted(MONTHS, key=len, reverse=True)) + rf")(?={_AFTER_MONTH}))", re.IGNORECASE)


def find_dates(text: str) -> Iterator[re.Match]:
    """The matches of ``DATE_ANY_CASE.finditer(text)``, the same ones, found faster: the full
    pattern (month names in four alternatives) is tried only where a date can start, instead
    of at every character of a whole version."""
    end = 0
    for candidate in _DATE_START.finditer(text):
        if candidate.start() < end:
            continue
        match = DATE_ANY_CASE.match(text, candidate.start())
        if match:
            end = match.end()
            yield match


def iso_date(match: re.Match) -> str | None:
    """``YYYY-MM-DD`` of a `DATE` match that names one day, else None."""
    for prefix in ("iso", "dm", "md"):
        year = match.group(f"{prefix}_year")
        if year:
            month = match.group(f"{prefix}_month")
            month = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            day = int(re.match(r"\d+", match.group(f"{prefix}_day")).group(0))
            try:
                return date(int(year), month, day).isoformat() if month else None
            except ValueError:
                return None
    return None
