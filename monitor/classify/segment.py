"""Cut document text (Markdown-like) into clauses: lines, then sentences.

Spans index the original text, so evidence found in a clause is an exact substring of the
document or hunk it came from.

Why a second splitter beside `monitor.diff.segment`: that one cuts whole documents into
clauses under their section headings, for alignment; this one cuts the text of one hunk
(a clause or a few) into sentences shaped like the classifier's training sentences
(UNFAIR-ToS), and keeps character offsets for the evidence. Document-level findings
(`pipeline.record_findings`) use the diff's clauses; hunk assessment uses this.

>>> text = "## Disputes\\n\\n- We may change these terms. See e.g. section 2 of the U.S. terms."
>>> [text[s:e] for s, e in split_clauses(text)]
['Disputes', 'We may change these terms.', 'See e.g. section 2 of the U.S. terms.']
>>> clauses("| **Ads** | We show ads.<br><br>*   We sell nothing. |")
['Ads', 'We show ads.', 'We sell nothing.']
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital,
# digit or opening quote, unless the word before the dot is an abbreviation.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs v inc ltd llc co corp no nos mr mrs ms dr st sec art para fig approx jan feb mar apr "
    "jun jul aug sep sept oct nov dec u.s u.k e.u u.s.a p.o".split())
# Markdown decoration at the start of a line: headings, list bullets, numbers, quotes, emphasis.
_LINE_PREFIX = re.compile(r"\s*(?:#{1,6}\s+|[-*+>]\s+|\d{1,3}[.)]\s+|\(?[a-z0-9]{1,3}\)\s+|[*_]{1,3}(?=\S))*")
_HAS_LETTERS = re.compile(r"[A-Za-z]{2}")
# Inside a line: HTML line breaks and Markdown table cell borders also end a clause.
_PIECE_BREAK = re.compile(r"<br\s*/?>|(?:^|(?<=\s))\|(?=\s|$)", re.IGNORECASE)


def _sentence_spans(text: str, start: int, end: int):
    cut = start
    for match in _SENTENCE_END.finditer(text, start, end):
        word = re.search(r"(\S+?)[.!?]+[\"'”’)\]]*\s*$", text[cut:match.end()])
        before = word.group(1).lower().lstrip("([\"'“") if word else ""
        if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        yield cut, match.start() + len(match.group(0).rstrip())
        cut = match.end()
    yield cut, end


def _pieces(text: str):
    """``(start, end)`` of each line, and of each table cell or ``<br>``-separated part."""
    position = 0
    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line.rstrip())
        position += len(line)
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
