"""Sections moved to a linked page (issue 13, `left7`).

A lawyer reads "[Click here] to read the disclosures for residents of Korea", put where the
Korean section used to be, as that section moved elsewhere: its clauses still bind, on the page
the pointer names. The removed clauses are neither a harm removed (better) nor a right removed
(worse). A removed section counts as moved when the change adds a pointer (a link, or "see /
read / described in ..." naming a notice, policy, page or section) in a section of the same
name, or naming that section in its own words.

>>> hunks = [{"kind": "removed", "section": "Policy > Korea Privacy Notice", "old": "We keep data for a year."},
...          {"kind": "added", "section": "Policy > Korea Privacy Disclosures",
...           "new": "[Click here](https://example.com/kr) to read the Korea privacy disclosures."}]
>>> sorted(sections_moved_to_linked_pages(hunks))
[0, 1]
"""

from __future__ import annotations

import re

from ..text import LINK_TARGET
from .reading import STOPWORDS

# What sends the reader elsewhere ...
_POINTS_TO = re.compile(
    r"\b(?:click here|see|read|refer to|visit|view|review|consult|learn (?:more )?about|can be found|are found|"
    r"is found|available (?:at|in|on|here)|(?:described|set out|explained|detailed|provided|listed|included) "
    r"(?:in|at|on))\b", re.IGNORECASE)
# ... and the place it names: a link, or a document or part of one.
_PLACE = re.compile(r"\]\(|https?://|\b(?:notices?|polic(?:y|ies)|pages?|disclosures?|statements?|sections?|"
                    r"addend(?:um|a)|supplements?|terms|website|site|here)\b", re.IGNORECASE)
# A pointer is a line or two, not a section rewritten.
_POINTER_MAX_CHARS = 400
_IN_PAGE_LINK = re.compile(r"\]\(#")
# "[text](target)" read as its text ("##### [](#)Third-Party Information" heads "Third-Party Information")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")
_WORD = re.compile(r"[a-z][a-z'’-]+")
# Words naming a part of a document, not what it is about ("Korea Privacy Notice" and "Korea
# Privacy Disclosures" name the same section).
_DOCUMENT_WORDS = frozenset("notice notices disclosures disclosure section policy statement information "
                            "additional supplemental addendum terms".split())


def _field(hunk, name: str) -> str:
    value = hunk.get(name) if isinstance(hunk, dict) else getattr(hunk, name, None)
    return value or ""


def _heading(section: str) -> str:
    return section.rsplit(">", 1)[-1].strip()


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(LINK_TARGET.sub(" ", text).lower())
            if len(w) > 2 and w not in STOPWORDS and w not in _DOCUMENT_WORDS}


def is_pointer(text: str) -> bool:
    """Whether ``text`` only sends the reader to another page ("see our Cookie Notice",
    "[Click here](https://...) to read the disclosures for Korea"; a link within the page, "#...",
    sends nowhere else)."""
    text = text.strip()
    return 0 < len(text) <= _POINTER_MAX_CHARS and bool(_POINTS_TO.search(text)) and bool(_PLACE.search(text)) \
        and not _IN_PAGE_LINK.search(text)


def _headings(text: str) -> set[str]:
    """Every short line of ``text`` as a heading may be written ("#### Title", "**Title**",
    "Title"), lower-cased."""
    return {_LINK.sub(r"\1", line).strip(" #*_").lower() for line in text.splitlines() if len(line) <= 200}


def sections_moved_to_linked_pages(hunks, new_text: str | None = None) -> set[int]:
    """Indexes of the removed hunks whose section the change replaced by a pointer to a linked
    page, and of the pointers themselves. The section must be gone from the new text (no
    heading of its name left in ``new_text``, or in the sections the hunks name), and the
    pointer added in a section of the same name (most of the removed section's heading words,
    in the pointer's heading or its own words)."""
    pointers = {index: _words(_heading(_field(h, "section"))) | _words(_field(h, "new"))
                for index, h in enumerate(hunks) if _field(h, "kind") == "added" and is_pointer(_field(h, "new"))}
    if not pointers:
        return set()
    if new_text is not None:
        still_there = _headings(new_text)
    else:
        still_there = {_heading(_field(h, "section")).lower() for h in hunks if _field(h, "kind") != "removed"}
    moved = set()
    for index, hunk in enumerate(hunks):
        heading_text = _heading(_field(hunk, "section"))
        if _field(hunk, "kind") != "removed" or heading_text.strip(" #*_").lower() in still_there:
            continue
        heading = _words(heading_text)
        named_by = {p for p, named in pointers.items() if heading and 3 * len(heading & named) >= 2 * len(heading)}
        if named_by:
            # the pointer that replaces the section only says where it is
            moved |= {index, *named_by}
    return moved
