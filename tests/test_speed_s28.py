"""CPU of the import, seventh pass (session 28, issue 16), results unchanged: each test compares
the new way with the way it was done before, on cases that exercise it and on every version of
the shared corpus."""

from __future__ import annotations

import re

import pytest

from monitor.classify import imposition, segment
from monitor.classify.memos import MEMOS, forget_all
from monitor.classify.numbers import number

from test_speed_s25 import _corpus_versions  # every shared-corpus version (tests/ is on sys.path)


# --- imposition._notice_days: read line by line, each line's answer kept by its text ---

def _notice_days_before(text: str) -> int | None:
    """`imposition._notice_days` as it was: the whole text cut into sentences."""
    sentences = segment.clauses(text)
    promises = [c for c in sentences if imposition._WE_NOTIFY.search(c) or imposition._SERVICE_NOTIFIES.search(c)]
    about_changes = [c for c in promises if imposition._ABOUT_CHANGES.search(c)]
    in_advance = [c for c in promises if imposition._ADVANCE.search(c) and not imposition._OTHER_NOTICE.search(c)]
    for clause in about_changes + in_advance:
        for match in imposition._DURATION_AHEAD.finditer(clause):
            return number(match.group("n")) * imposition._UNIT_DAYS[match.group("unit").lower().rstrip("s")]
    return None


_NOTICE_CASES = [
    "We will notify you 30 days before changes take effect.",
    # a promise in advance of something else first, then one about changes on a later line
    "We will email you 7 days before your trial ends.\nWe will tell you 14 days in advance of a new version.",
    # the in-advance promise wins only when no line speaks of changes
    "Intro.\n\nWe will give you thirty (30) days' prior notice.\n\nWe will notify you of changes.",
    # two promises on one line: the first sentence that qualifies
    "We will notify you 10 days before changes. We will notify you 60 days before changes.",
    # billing notices are not notices of changes to the terms
    "We will notify you 5 days before we charge your card.",
    "Discord will provide 45 days' notice of updates.\r\nOther text.",
    # table cells and <br> parts are clauses of their own
    "| We will notify you | 30 days before changes |\n| Acme will give 15 days notice of revisions<br>ok |",
    # a notice period split across two lines is no clause of either
    "We will notify you 30\ndays before changes take effect.",
    "_We will notify you 30 days before changes._",
    "",
    "No promise here at all.",
]


@pytest.mark.parametrize("text", _NOTICE_CASES)
def test_notice_days_read_by_line_are_those_of_the_whole_text(text):
    forget_all()
    assert imposition._notice_days(text) == _notice_days_before(text)


def test_notice_days_cases_are_not_all_none():
    forget_all()
    assert {imposition._notice_days(t) for t in _NOTICE_CASES} >= {30, 14, 10, 45, None}


def test_notice_days_by_line_on_every_shared_corpus_version():
    forget_all()
    versions = _corpus_versions()
    found = [imposition._notice_days(text) for text in versions]
    assert found == [_notice_days_before(text) for text in versions]
    assert sum(days is not None for days in found) > 50   # the corpus states notice periods


def test_the_line_memo_is_emptied_with_the_others():
    assert imposition._notice_in_line in MEMOS
    imposition._notice_in_line("We will notify you 30 days before changes.")
    forget_all()
    assert imposition._notice_in_line.cache_info().currsize == 0


# --- segment._pieces: a line without "|" or "<" is one piece, unsearched ---

def _pieces_before(text: str):
    position = 0
    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line.rstrip())
        position += len(line)
        for cut in segment._PIECE_BREAK.finditer(text, start, end):
            yield start, cut.start()
            start = cut.end()
        yield start, end


@pytest.mark.parametrize("text", [
    "| a | b |\n|---|---|\n| We sell. | We share. |", "one<br>two<BR/>three\n", "plain line\n\nanother",
    "x | y", "a|b", "<b>bold</b> text", "\u2028| cell |\x1c| next |", "", "\n\n"])
def test_pieces_are_those_searched_on_every_line(text):
    assert list(segment._pieces(text)) == list(_pieces_before(text))


def test_pieces_on_every_shared_corpus_version():
    for text in _corpus_versions(step=2):
        assert list(segment._pieces(text)) == list(_pieces_before(text))


def test_a_clause_never_spans_two_lines():
    """What `_notice_days` relies on: the clauses of a text are those of its lines, in order."""
    for text in _corpus_versions(step=7):
        assert segment.clauses(text) == [c for line in text.splitlines() for c in segment.clauses(line)]
    assert re.search(r"\n", "".join(segment.clauses("a b c.\nd e f."))) is None
