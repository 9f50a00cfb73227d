"""How a change was imposed: effective date, notice period, consent by continued use, and
whether the new text announces the change itself.

>>> detect_imposition("These terms are effective as of March 1, 2024. We will notify you "
...                   "at least 30 days before changes take effect. By continuing to use the "
...                   "Services you agree to the updated terms.")["effective_date"]
'2024-03-01'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..dates import find_dates, iso_date
from .reading import plain_words as _normal
from .numbers import number
from .segment import clauses

# Wording that makes a date the one the text takes effect on (not "last updated").
_EFFECTIVE = re.compile(
    r"\b(?:effective|in effect|tak(?:e|es|ing) effect|took effect|c(?:o|a)mes? into (?:effect|force)|"
    r"enter(?:s|ed)? into force|valid (?:from|as of)|appl(?:y|ies) (?:from|as of|starting))\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:last )?(?:updated|modified|revised|amended)\b", re.IGNORECASE)
# The number words a notice period is read in (their values: `numbers.number`).
_NOTICE_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve fourteen fifteen "
                        "twenty thirty forty-five sixty ninety").split()
# Each long pattern below opens with a lookahead on the first letter of its alternatives: the
# same matches, but the alternatives are tried only where one of them can start (whole versions
# are searched).
_DURATION = re.compile(
    r"\b(?=[\dotfsen])(?P<n>\d{1,3}|" + "|".join(sorted(_NOTICE_NUMBER_WORDS, key=len, reverse=True)) + r")\s*(?:\(\d{1,3}\)\s*)?"
    r"(?:calendar\s+|business\s+|full\s+)?(?P<unit>days?|weeks?|months?)\b", re.IGNORECASE)
# A duration that is an advance notice: "30 days before", "thirty (30) days' notice".
_DURATION_AHEAD = re.compile(_DURATION.pattern + r"\s*['’]?s?\s*(?:advance |prior |written )?"
                             r"(?:notice|before|prior|in advance|ahead)\b", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
# The service promising notice: "we will notify you", "Discord will provide 30 days' notice".
_NOTIFY_VERBS = r"(?:notify|inform|tell|let you know|email|provide|give|send|post)"
_WE_NOTIFY = re.compile(rf"\bwe(?:[’']ll)?\b[^.;]{{0,40}}?\b{_NOTIFY_VERBS}\w*", re.IGNORECASE)
_SERVICE_NOTIFIES = re.compile(rf"\b[A-Z][A-Za-z]+ (?:will|shall) (?:\w+ ){{0,3}}?{_NOTIFY_VERBS}\w*")
_ADVANCE = re.compile(r"\b(?:before|in advance|prior|ahead)\b", re.IGNORECASE)
# Advance notices about other things than changes to the terms.
_OTHER_NOTICE = re.compile(r"\b(?:terminat\w*|clos(?:e|ing) (?:your|the) account|cancel\w*|refund\w*|renew\w*|"
                           r"charg\w*|billing|payment|price|fee|trial|delet\w*|suspen\w*)\b", re.IGNORECASE)
_ABOUT_CHANGES = re.compile(r"\b(?:chang\w*|modif\w*|amend\w*|updat\w*|revis\w*|new (?:terms|version))\b", re.IGNORECASE)
_CONSENT_BY_USE = re.compile(
    r"\b(?:by|through|your) continu(?:ing|ed) (?:to )?(?:use|access|using|accessing)\b"
    r"|\bcontinu(?:e|es|ed|ing) (?:to )?(?:use|access)\w*\b[^.]{0,160}?\b(?:agree\w*|accept\w*|consent\w*|bound|"
    r"constitut\w+|deemed)\b"
    r"|\bcontinued (?:use|access)\b[^.]{0,120}?\b(?:constitut\w+|mean\w*|signif\w+|deemed|indicat\w+|"
    r"accept\w*|agree\w*|consent\w*)\b",
    re.IGNORECASE)
_ANNOUNCEMENT = re.compile(
    r"\bwe(?:[’']ve| have)? (?:recently )?(?:updated|changed|revised|amended|made (?:some |a few )?(?:changes|updates))\b"
    r"|\b(?:key|summary of(?: the)?|what[’']s|what has|highlights of(?: the)?|overview of(?: the)?) (?:changes|updates)\b"
    r"|\bchanges? (?:we[’']ve|we have) made\b|\bwe are (?:updating|changing|making changes)\b"
    r"|\bin this (?:update|version)\b|\bour (?:updated|new|revised) (?:terms|privacy policy|policy)\b",
    re.IGNORECASE)



def _tried_where_one_starts(first_letters: str, pattern: re.Pattern) -> re.Pattern:
    """``pattern`` tried only where one of ``first_letters`` stands (every alternative of it
    opens with one of them): the same matches, found faster in a whole version."""
    return re.compile(rf"(?=[{first_letters}])(?:{pattern.pattern})", pattern.flags)


_CONSENT_BY_USE = _tried_where_one_starts("btyc", _CONSENT_BY_USE)
_ANNOUNCEMENT = _tried_where_one_starts("wkshoci", _ANNOUNCEMENT)


# The wordings a whole version is searched for that never match a line end (words and spaces
# only): a text says one exactly when one of its lines does, and a line's answer is kept by its
# text (a document's versions repeat most of their lines; three searches of each whole version
# were a third of the time `detect_imposition` took).
_LINE_WORDINGS = (_EFFECTIVE, _UPDATED, _ANNOUNCEMENT)


@lru_cache(maxsize=1 << 15)
def _wordings_in_line(line: str) -> tuple[bool, ...]:
    return tuple(wording.search(line) is not None for wording in _LINE_WORDINGS)


@lru_cache(maxsize=8)
def _wordings_in(text: str) -> tuple[bool, ...]:
    """Whether ``text`` says each of `_LINE_WORDINGS`, read line by line."""
    said = [False] * len(_LINE_WORDINGS)
    for answers in set(map(_wordings_in_line, text.split("\n"))):
        said = [before or now for before, now in zip(said, answers)]
    return tuple(said)


def _says(wording: re.Pattern, text: str) -> bool:
    """``wording.search(text)`` found something (the wordings of `_LINE_WORDINGS` read by line)."""
    for index, line_wording in enumerate(_LINE_WORDINGS):
        if wording is line_wording:
            return _wordings_in(text)[index]
    return wording.search(text) is not None


@lru_cache(maxsize=32)
def _dates_after(wording: re.Pattern, text: str) -> tuple[str, ...]:
    """Dates preceded by ``wording`` in the same sentence (or heading line), in order.

    Cached: consecutive changes share a version, as the new text of one and the old of the
    next."""
    if not _says(wording, text):
        return ()
    found = []
    for start, day in _dates_in(text):
        before = text[max(0, start - 80):start]
        before = re.split(r"[.!?]\s|\n\n", before)[-1]
        if wording.search(before):
            if day:
                found.append(day)
    return tuple(found)


@lru_cache(maxsize=8)
def _dates_in(text: str) -> tuple[tuple[int, str | None], ...]:
    """(where, ISO day or None) of every date in a text: one pass over a whole version serves
    every wording asked about."""
    return tuple((match.start(), iso_date(match)) for match in find_dates(text))


def effective_dates(text: str) -> list[str]:
    """Dates the text says it takes effect on, in order of appearance."""
    return list(_dates_after(_EFFECTIVE, text))


def notice_days(text: str) -> int | None:
    """The advance notice, in days, the text promises before changes take effect.

    Sentences about changes come first; failing those, any promise to notify a stated time
    in advance counts, unless it is about billing, closing accounts or ending the contract.
    """
    if not _DURATION_AHEAD.search(text):  # no "30 days before" anywhere: no need to look closer
        return None
    return _notice_days(text)


@lru_cache(maxsize=32)
def _notice_days(text: str) -> int | None:
    # A clause never spans two lines (`segment.split_clauses` cuts lines first), so the text's
    # answer is its lines' answers in order: read line by line, each line's kept by its text (a
    # document's versions repeat most lines; cutting each whole version into sentences was a
    # third of `detect_imposition`).
    answers = [_notice_in_line(line) for line in text.splitlines()]
    for about_changes, _ in answers:
        if about_changes is not None:
            return about_changes
    for _, in_advance in answers:
        if in_advance is not None:
            return in_advance
    return None


# Every notice period names its unit: a line without one states none.
_UNIT_WORD = re.compile(r"day|week|month", re.IGNORECASE)


@lru_cache(maxsize=1 << 15)
def _notice_in_line(line: str) -> tuple[int | None, int | None]:
    """The notice (days) stated by the first promise of ``line`` to notify about changes, and
    by its first promise to notify in advance of anything but billing or closing the account
    (`_notice_days` prefers the first kind anywhere in the text)."""
    about_changes = in_advance = None
    if not _UNIT_WORD.search(line):
        return about_changes, in_advance
    for clause in clauses(line):
        if not (_WE_NOTIFY.search(clause) or _SERVICE_NOTIFIES.search(clause)):
            continue
        match = _DURATION_AHEAD.search(clause)
        if match is None:
            continue
        days = number(match.group("n")) * _UNIT_DAYS[match.group("unit").lower().rstrip("s")]
        if about_changes is None and _ABOUT_CHANGES.search(clause):
            about_changes = days
        if in_advance is None and _ADVANCE.search(clause) and not _OTHER_NOTICE.search(clause):
            in_advance = days
    return about_changes, in_advance


def _newest_first(dates: list[str], old_dates: list[str]) -> list[str]:
    """``dates`` with those not already in the old version first (a version often keeps
    the previous dates in a history section)."""
    return [d for d in dates if d not in old_dates] + [d for d in dates if d in old_dates]


def detect_imposition(new_text: str, old_text: str | None = None) -> dict:
    """How the new version imposes itself: ``{"notice_days", "effective_date",
    "last_updated", "consent_by_use", "announced"}``. ``effective_date`` only comes from
    wording about taking effect ("effective as of", "comes into force"); a "Last updated"
    date is reported apart, as ``last_updated``.

    With ``old_text``, dates that are new in this version are preferred, and only sentences
    that are new count as announcing the change.
    """
    dates = _newest_first(effective_dates(new_text), effective_dates(old_text) if old_text else [])
    updated = _newest_first(list(_dates_after(_UPDATED, new_text)),
                            list(_dates_after(_UPDATED, old_text)) if old_text else [])
    announced = False
    if _says(_ANNOUNCEMENT, new_text):  # most texts never say so: skip cutting them into sentences
        old_sentences = {_normal(c) for c in clauses(old_text)} if old_text else set()
        announced = any(_ANNOUNCEMENT.search(c) for c in clauses(new_text) if _normal(c) not in old_sentences)
    return {
        "notice_days": notice_days(new_text),
        "effective_date": dates[0] if dates else None,
        "last_updated": updated[0] if updated else None,
        "consent_by_use": bool(_CONSENT_BY_USE.search(new_text)),
        "announced": announced,
    }
