"""Pages that hold two versions of a document at once.

Before a new policy takes effect, some services publish it on the same page as the one in
force ("Our updated Privacy Policy takes effect on 30 September; the current one is below"),
and some pages render their text twice. Read naively, the capture doubles (a severe change
for the worse, every clause "added"), then halves when the old copy drops off (a severe
change for the better). `split_doubled` finds the copy of the previous text inside the new
one, so that the pipeline can diff the previous text against what is *beside* it: the coming
version, recorded once as an announcement, or nothing at all when the page only repeated
itself.

>>> old = "\\n\\n".join(f"Clause {i}: we keep the data you give us for {i} days, then delete it." for i in range(40))
>>> upcoming = old.replace("for 3 days", "for 300 days")
>>> split_doubled(old, "Coming on 1 May:\\n\\n" + upcoming + "\\n\\n" + old).duplicate
False
>>> split_doubled(old, old + "\\n\\n" + old).duplicate
True
>>> split_doubled(old, old + "\\n\\nOne more clause.") is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .regional import other_audience_edition

_PARAGRAPH = re.compile(r"\n\s*\n")
# The new text must be at least this much longer than the old one to hold two versions.
MIN_GROWTH = 1.5
# The part taken for the old copy must cover this share of the old text (in characters).
MIN_COPY_SHARE = 0.85
# A copy may miss this share of the old text (in characters) and still be the copy: the headings
# both versions on a page repeat.
COVER_SLACK = 0.01
# What stands beside the old copy must be this big (against the old text) to be a version.
MIN_BESIDE_SHARE = 0.4
# Beside-text this similar to the old one (paragraphs shared) is a mere repetition.
DUPLICATE_SHARE = 0.97
# ... and the paragraphs a repetition may differ by are shorter than this (menus, a date line).
REPETITION_NOISE_CHARS = 60
# Too short a document to judge.
MIN_CHARS = 2_000


@dataclass
class Doubled:
    beside: str          # the text beside the old copy: the coming version (or a repetition)
    duplicate: bool      # the page only repeated the old text
    old_first: bool      # the old copy comes first on the page
    copy: str = ""       # the old text's copy on the page, as the page shows it


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH.split(text) if p.strip()]


def _best_split(old: Counter, parts: list[str], old_chars: int) -> tuple[float, int]:
    """The split point k where ``parts[k:]`` covers the most of ``old`` (share of its chars):
    the shortest such tail, give or take `COVER_SLACK` of the old text (a heading both versions
    on the page repeat, "Terms of Service", is no reason to end the coming version early), from
    the first paragraph of the run of the old copy's paragraphs it ends in."""
    tail = Counter(parts)
    overlap = sum(min(count, old[p]) * len(p) for p, count in tail.items())
    covers = [overlap]
    for paragraph in parts:
        if tail[paragraph] <= old[paragraph]:
            overlap -= len(paragraph)
        tail[paragraph] -= 1
        covers.append(overlap)
    best = max(covers)
    best_k = max(k for k, cover in enumerate(covers) if cover >= best - COVER_SLACK * old_chars)
    # ... then back to where the old copy's run of paragraphs begins (its own title is no part of
    # the text beside it)
    while best_k > 0 and covers[best_k - 1] > covers[best_k]:
        best_k -= 1
    return best / old_chars if old_chars else 0.0, best_k


def _old_first_is_another_edition(new_parts: list[str], cut: int) -> bool:
    return 0 < cut < len(new_parts) and other_audience_edition("\n\n".join(new_parts[:cut]),
                                                                "\n\n".join(new_parts[cut:]))


def split_doubled(old: str, new: str) -> Doubled | None:
    """When ``new`` is ``old`` (or nearly) with another version of the document beside it,
    say what is beside it; else None."""
    if len(old) < MIN_CHARS or len(new) < MIN_GROWTH * len(old):
        return None
    old_parts, new_parts = _paragraphs(old), _paragraphs(new)
    old_counts, old_chars = Counter(old_parts), sum(map(len, old_parts))
    # old copy at the end (the coming version first), or at the start (read backwards)
    end_cover, k_end = _best_split(old_counts, new_parts, old_chars)
    start_cover, k_start = _best_split(old_counts, new_parts[::-1], old_chars)
    if max(end_cover, start_cover) < MIN_COPY_SHARE:
        return None
    # Equal cover means the old copy opens the page (read forwards, the whole page "covers" it).
    # Old text followed by more text is how most documents grow, so it is read as a page holding
    # two texts only when what follows is another audience's edition of the same document.
    if end_cover == start_cover and _old_first_is_another_edition(new_parts, len(new_parts) - k_start):
        end_cover = -1.0
    if end_cover >= start_cover:
        beside_parts, old_first = new_parts[:k_end], False
        copy_parts = new_parts[k_end:]
    else:
        cut = len(new_parts) - k_start
        beside_parts, old_first = new_parts[cut:], True
        copy_parts = new_parts[:cut]
    if sum(map(len, copy_parts)) > 1.3 * old_chars:
        return None      # the old text is spread over the page, not one copy beside another
    beside = "\n\n".join(beside_parts)
    if len(beside) < MIN_BESIDE_SHARE * len(old):
        return None
    beside_counts = Counter(beside_parts)
    shared = sum((beside_counts & old_counts).values())
    # (a repetition differs at most by a page's short lines; a sentence of its own on either side,
    # "We never sell your personal information" dropped from the coming version, is a change)
    differing = (beside_counts - old_counts) + (old_counts - beside_counts)
    duplicate = shared >= DUPLICATE_SHARE * max(len(beside_parts), len(old_parts)) \
        and all(len(p) < REPETITION_NOISE_CHARS for p in differing)
    return Doubled(beside=beside, duplicate=duplicate, old_first=old_first, copy="\n\n".join(copy_parts))


# A notice that the document is about to change: the page shows (or links to) the coming version.
_COMING_NOTICE = re.compile(
    r"\b(?:will be updated|will (?:take|come into) effect|(?:takes?|taking) effect on|preview (?:the|our) "
    r"(?:new|updated|upcoming)|prior to (?:its|their) effective date|until then,? the (?:terms|policy)"
    r"|we(?:'re|’re| are) updating our (?:terms|policy|privacy))\b", re.IGNORECASE)


def announces_coming_version(before: str, page: str) -> bool:
    """Whether ``page`` carries a notice of a coming version that ``before`` did not.

    >>> announces_coming_version("Our terms.", "These terms will be updated effective December 20.\\n\\nOur terms.")
    True
    >>> announces_coming_version("Our terms.", "Our terms, updated.")
    False
    """
    return any(_COMING_NOTICE.search(p) for p in paragraph_set(page) - paragraph_set(before))


@lru_cache(maxsize=4)
def paragraph_set(text: str) -> frozenset[str]:
    """The distinct paragraphs of ``text``. Diffing a history asks about each text twice in a
    row (as the page, then as the text before the next page): the last few are kept."""
    return frozenset(_paragraphs(text))
