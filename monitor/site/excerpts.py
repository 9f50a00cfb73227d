"""What a change page shows of its hunks: the changed words with a little context, and only
so many passages, so a page stays small whatever the size of the document, of its clauses
or of the change (a flapping page can differ in thousands of clauses).

`excerpt` cuts one hunk down: unchanged runs of words keep `CONTEXT_WORDS` words next to
each change, an inserted or deleted run keeps its first `RUN_CHARS` characters, a whole
added or removed clause its first `CLAUSE_CHARS`; what is cut is said (``…``, "[1,234 more
characters]"). `select` picks the passages a page shows and counts the others.

>>> h = {"kind": "modified", "section": "", "old": "", "new": "", "reason": "wording", "substantive": True,
...      "position": 0, "old_index": 0, "new_index": 0,
...      "ops": [[0, " ".join(f"w{i}" for i in range(100)) + " "], [-1, "may "], [1, "will "], [0, "sell."]]}
>>> short = excerpt(h, context=3)
>>> [text for _, text in short["ops"]]
['… w97 w98 w99 ', 'may ', 'will ', 'sell.']
>>> short["old"], short["new"]
('… w97 w98 w99 may sell.', '… w97 w98 w99 will sell.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CONTEXT_WORDS = 15          # unchanged words kept on each side of a change
RUN_CHARS = 600             # of one inserted or deleted run of words
CLAUSE_CHARS = 1200         # of a clause added or removed whole
SECTION_CHARS = 200         # of a heading path
WORD_CHARS = 40             # of one "word" (a hostile page may have no spaces at all)
ELLIPSIS = "\u2026"

# One word with the spaces after it (and, for the first, before it).
_WORDS = re.compile(r"\s*\S+\s*|\s+")


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}{ELLIPSIS} [{len(text) - limit:,} more characters] "


def _context(text: str, *, head: bool, tail: bool, context: int) -> str:
    """An unchanged run: its first words (``head``, when a change comes before it) and its
    last words (``tail``, when one comes after), the middle cut out."""
    words = _WORDS.findall(text)
    if len(words) <= context * (head + tail) + 2 and len(text) <= 2 * context * WORD_CHARS:
        return text
    first = _cut("".join(words[:context]), context * WORD_CHARS).rstrip() + " " if head else ""
    last = _cut("".join(words[-context:]), context * WORD_CHARS).lstrip() if tail else ""
    return f"{first}{ELLIPSIS} {last}" if tail else f"{first}{ELLIPSIS} "


def excerpt(hunk: dict, *, context: int = CONTEXT_WORDS, run_chars: int = RUN_CHARS,
            clause_chars: int = CLAUSE_CHARS) -> dict:
    """A copy of ``hunk`` (the dict shape of `monitor.site.data.load_hunks`) cut down to its
    changes and ``context`` words around each."""
    short = {**hunk, "section": _cut(hunk.get("section") or "", SECTION_CHARS)}
    ops = hunk.get("ops") or []
    if not ops:
        short.update(old=_cut(hunk.get("old") or "", clause_chars), new=_cut(hunk.get("new") or "", clause_chars))
        return short
    cut = []
    for index, (op, text) in enumerate(ops):
        if op == 0:
            text = _context(text, head=index > 0, tail=index < len(ops) - 1, context=context)
        else:
            text = _cut(text, run_chars)
        cut.append([op, text])
    short["ops"] = cut
    short["old"] = "".join(text for op, text in cut if op <= 0)
    short["new"] = "".join(text for op, text in cut if op >= 0)
    return short


@dataclass
class Selection:
    """The passages a change page shows: ``shown`` (substantive ones, or all of a cosmetic
    change), of which the first `open_count` stay open, and ``folded`` cosmetic edits of a
    substantive change; ``*_more`` count those left out."""

    shown: list[dict] = field(default_factory=list)
    shown_more: int = 0
    folded: list[dict] = field(default_factory=list)
    folded_more: int = 0


# Passages a page shows at most: many for a substantive change (they are what matters),
# few for a cosmetic one or for the cosmetic edits beside a substantive one.
MAX_SUBSTANTIVE = 40
MAX_COSMETIC = 12
OPEN_PASSAGES = 8           # the rest of the shown passages are collapsed


def select(change: dict, hunks: list[dict], counts: tuple[int, int] | None = None) -> Selection:
    """A substantive change shows its substantive passages and folds its cosmetic edits (a
    date, renumbering...) below them; a cosmetic change shows its edits. Linear in the
    number of hunks (a flapping page's change can have thousands).

    ``hunks`` may be only the first `MAX_SUBSTANTIVE` substantive and `MAX_COSMETIC` other
    hunks (`MAX_SUBSTANTIVE` of a change without substantive ones), in position order, plus
    any others, when ``counts`` gives how many of each the change has in all: that is all
    either case shows, a change without substantive hunks showing its first others."""
    if counts is None:
        substantive = sum(1 for h in hunks if h["substantive"])
        counts = (substantive, len(hunks) - substantive)
    substantive_count, other_count = counts
    if change["substantive"] and substantive_count:
        main, main_count = [h for h in hunks if h["substantive"]], substantive_count
        rest, rest_count = [h for h in hunks if not h["substantive"]], other_count
    else:
        main, main_count, rest, rest_count = hunks, substantive_count + other_count, [], 0
    limit = MAX_SUBSTANTIVE if change["substantive"] else MAX_COSMETIC
    return Selection(shown=[excerpt(h) for h in main[:limit]], shown_more=max(0, main_count - limit),
                     folded=[excerpt(h) for h in rest[:MAX_COSMETIC]], folded_more=max(0, rest_count - MAX_COSMETIC))

