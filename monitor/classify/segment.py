"""Cut document text (Markdown-like) into clauses: lines, then sentences.

Spans index the original text, so evidence found in a clause is an exact substring of the
document or hunk it came from.

Sentences are cut by the one sentence splitter, `monitor.diff.segment.split_sentences` (its
abbreviations, its rules for CJK full stops, link texts and enumerators); this module only
cuts a hunk's text into lines, table cells and ``<br>``-separated parts first, drops their
Markdown decoration, and maps each sentence back to its offsets for the evidence.

>>> text = "## Disputes\\n\\n- We may change these terms. See e.g. section 2 of the U.S. terms."
>>> [text[s:e] for s, e in split_clauses(text)]
['Disputes', 'We may change these terms.', 'See e.g. section 2 of the U.S. terms.']
>>> clauses("| **Ads** | We show ads.<br><br>*   We sell nothing. |")
['Ads', 'We show ads.', 'We sell nothing.']
"""

from __future__ import annotations

import re

from ..diff.segment import kept_sentences

# Markdown decoration at the start of a line: headings, list bullets, numbers, quotes, emphasis.
_LINE_PREFIX = re.compile(r"\s*(?:#{1,6}\s+|[-*+>]\s+|\d{1,3}[.)]\s+|\(?[a-z0-9]{1,3}\)\s+|[*_]{1,3}(?=\S))*")
_HAS_LETTERS = re.compile(r"[A-Za-z]{2}")
# Inside a line: HTML line breaks and Markdown table cell borders also end a clause.
_PIECE_BREAK = re.compile(r"<br\s*/?>|(?:^|(?<=\s))\|(?=\s|$)", re.IGNORECASE)


def _sentence_spans(text: str, start: int, end: int):
    """``(start, end)`` in ``text`` of each sentence of ``text[start:end]``."""
    position = start
    for sentence in kept_sentences(text[start:end]):
        found = text.find(sentence, position, end)   # each sentence is a stripped substring
        if found < 0:   # cannot happen (split_sentences only cuts and strips): keep the rest whole
            yield position, end
            return
        position = found + len(sentence)
        yield found, position


def _pieces(text: str):
    """``(start, end)`` of each line, and of each table cell or ``<br>``-separated part."""
    position = 0
    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line.rstrip())
        position += len(line)
        if "|" not in line and "<" not in line:    # no cut can match (most lines): skip the search
            yield start, end
            continue
        for cut in _PIECE_BREAK.finditer(text, start, end):
            yield start, cut.start()
            start = cut.end()
        yield start, end


def split_clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each clause of ``text``: one per sentence of each line (table
    cells and ``<br>``-separated parts count as lines)."""
    spans = []
    for piece_start, piece_end in _pieces(text):
        prefix = _LINE_PREFIX.match(text, piece_start, piece_end)
        begin = prefix.end() if prefix else piece_start
        for s, e in _sentence_spans(text, begin, piece_end):
            while s < e and text[s].isspace():
                s += 1
            while e > s and (text[e - 1].isspace() or text[e - 1] in "*_"):
                e -= 1
            if e > s and _HAS_LETTERS.search(text, s, e):
                spans.append((s, e))
    return spans


def clauses(text: str) -> list[str]:
    """The clause texts of ``text``."""
    return [text[s:e] for s, e in split_clauses(text)]
