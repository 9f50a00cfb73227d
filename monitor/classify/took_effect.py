"""An announced change that takes effect.

Some services put the coming clauses on the page before they bind, under a notice such as
"On 1 June we will update these terms: ...". When the date comes the notice goes and the
same clauses move into the body of the terms. The diff sees a removed notice and clauses
*moved*, which alone say nothing; but this is the change at which the announced clauses start
to bind users, so a consumer lawyer reads them here as added: against the old text *without*
its notice (a clause only announced was not yet a term in force). The notice itself going
is then no change of the terms: its removal is not judged.

Only clauses that stood in the notice itself count: the moved hunks whose old text directly
follows the removed notice in the old version (nothing but other such clauses, markup and
blank lines between them). A paragraph moved elsewhere in the same change stays a move.

The change that *publishes* the notice is the other half: its notice and the clauses added
right after it are not yet terms in force, so they are not judged there (else the same clauses
would count twice, once announced and once in force). They are judged once, when they bind.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A notice of a coming change: the service says it *will* change its terms, or when the new
# ones take effect. Past tense ("we have updated") is a change already in force, not a notice;
# what is updated must be the document itself ("we will update your email address when you ask"
# is a service to the user, not a notice).
_COMING_CHANGE = re.compile(
    r"\b(?:we will|we[’']ll|we are going to|we plan to) (?:be )?(?:updat|chang|revis|amend|modif)\w* "
    r"(?:these|this|our|the) (?:[\w-]+ ){0,3}?(?:terms|polic(?:y|ies)|agreements?|documents?|notices?|statements?|"
    r"conditions|contracts?)\b"
    r"|\b(?:terms|polic(?:y|ies)|agreements?|changes|updates|amendments|versions?)\b[^.;:]{0,60}?"
    r"\b(?:will|shall) (?:take|come into|go into) (?:effect|force)\b"
    r"|\b(?:changes|updates|terms|policy) (?:coming|taking effect) (?:on|from)\b",
    re.IGNORECASE)
# What may stand between the clauses of a notice: blank lines and Markdown markup.
_FILLER = re.compile(r"[\s#*_=\-|>]*")


def _field(hunk, name, default=None):
    return hunk.get(name, default) if isinstance(hunk, dict) else getattr(hunk, name, default)


# Kept by the text: every change asks it of every clause it removes, and the clauses a
# document's changes remove come back again and again (s25: 394,942 questions about 13,574
# texts, counted document by document).
@lru_cache(maxsize=1 << 14)
def is_notice_of_coming_change(text: str) -> bool:
    """Whether ``text`` announces a change still to come.

    >>> is_notice_of_coming_change("On June 1, 2030, we will update these Terms to clarify how we use your content:")
    True
    >>> is_notice_of_coming_change("We have updated these Terms on March 17, 2030.")
    False
    """
    return bool(_COMING_CHANGE.search(text))


def announced_clauses_in_force(hunks: list, old_text: str | None) -> tuple[set[int], set[int], str | None]:
    """The indexes of the moved hunks that leave a removed notice of a coming change (they
    now bind), the indexes of the removed notices whose clauses took effect (their removal is
    the notice going, neither a gain nor a loss), and the old text without those notices and
    their clauses (None when nothing took effect)."""
    if not old_text:
        return set(), set(), None
    notices = [(old_text.find(_field(h, "old")), _field(h, "old"), index) for index, h in enumerate(hunks)
               if _field(h, "kind") == "removed" and _field(h, "old") and is_notice_of_coming_change(_field(h, "old"))]
    notices = [(start, text, index) for start, text, index in notices if start >= 0]
    if not notices:
        return set(), set(), None
    moved = _placed(hunks, "moved", "old", old_text)
    taking_effect, spent, spans = set(), set(), []
    for start, text, notice_index in notices:
        end = start + len(text)
        spans.append((start, end))
        # the chain of moved clauses right after the notice
        chain = _following_chain(moved, old_text, end)
        for s, index, text in chain:
            taking_effect.add(index)
            spans.append((s, s + len(text)))
        if chain:
            spent.add(notice_index)
    if not taking_effect:
        return set(), set(), None
    without = old_text
    for start, end in sorted(spans, reverse=True):
        without = without[:start] + without[end:]
    return taking_effect, spent, without


def _following_chain(starts: dict[int, tuple[int, str]], text: str, end: int) -> list[tuple[int, int, str]]:
    """The hunks (start, index, text) of ``starts`` that follow position ``end`` of ``text``
    one after the other, with only markup and blank lines between them; taken out of ``starts``."""
    chain = []
    while True:
        following = next(((s, item) for s, item in sorted(starts.items())
                          if s >= end and _FILLER.fullmatch(text[end:s])), None)
        if following is None:
            return chain
        s, (index, hunk_text) = following
        chain.append((s, index, hunk_text))
        end = s + len(hunk_text)
        del starts[s]


def announced_clauses_not_yet_in_force(hunks: list, new_text: str | None) -> tuple[set[int], str | None]:
    """The indexes of an added notice of a coming change and of the added clauses that follow
    it in the new version (announced, not yet binding: not judged here), and the new text
    without them (None when the change publishes no such notice with clauses)."""
    if not new_text:
        return set(), None
    added = _placed(hunks, "added", "new", new_text)
    announced, spans = set(), []
    for start, (index, text) in sorted(added.items()):
        if start not in added or not is_notice_of_coming_change(text):
            continue
        del added[start]
        chain = _following_chain(added, new_text, start + len(text))
        if chain:
            announced.add(index)
            spans.append((start, start + len(text)))
            for s, clause_index, clause in chain:
                announced.add(clause_index)
                spans.append((s, s + len(clause)))
    if not announced:
        return set(), None
    without = new_text
    for start, end in sorted(spans, reverse=True):
        without = without[:start] + without[end:]
    return announced, without


def _placed(hunks: list, kind: str, side: str, text: str) -> dict[int, tuple[int, str]]:
    """Where each ``kind`` hunk's ``side`` stands in ``text``: its start -> (hunk index, its words)."""
    placed = {}
    for index, hunk in enumerate(hunks):
        part = _field(hunk, side) or ""
        start = text.find(part) if _field(hunk, "kind") == kind and part.strip() else -1
        if start >= 0:
            placed[start] = (index, part)
    return placed
