"""How the editorial rules read a clause: its words without link targets, the words that
carry or bind terms, list items, page labels, roles and recipients, notices about the
document's own versions. Shared by :mod:`.editorial` and :mod:`.notices`."""

from __future__ import annotations

import re

from .memo import CLAUSE_CHARS_KEPT, by_text

_INLINE_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\s*\)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# Words that carry terms: a pointer sentence holding one states something after all.
_TERM_WORDS = frozenset(
    "not no never cannot can't won't don't doesn't may might must shall will should agree agrees consent "
    "accept accepts required require requires right rights waive waiver only all any every none without "
    "unless except sell share collect use retain delete".split())
# Words that bind even inside a sentence that only points elsewhere.
_BINDING_WORDS = frozenset("not no never cannot can't won't don't doesn't may might must shall will should agree "
                           "agrees consent accept accepts waive waiver sell share".split())
# A notice about the document itself: where to read its previous, current or coming version,
# or when the version below takes effect ("The Terms below will be effective on April 30").
_VERSION_NOTICE = re.compile(
    r"\b(?:view|preview|read|see|find|access)\b.{0,40}\b(?:previous|prior|current|updated|new|coming|upcoming|archived)"
    r"\s+(?:version|terms|privacy|policy|statement|agreement)|\b(?:below|above)\s+(?:will\s+be|(?:is|are|becomes?))\s+effective\b"
    r"|\buntil the effective date\b|\bwe(?:'re| are) updating our (?:terms|policy|privacy)"
    r"|\bwe(?:'ve| have) updated our (?:terms|policy|privacy|data)|^\W*our updated (?:terms|policy|privacy|data)",
    re.IGNORECASE)
# Words that make a short page label a term after all ("No refunds").
_LABEL_TERMS = frozenset("not no never cannot may must shall will only sell share fee fees refund refunds".split())
_LIST_ITEM = re.compile(r"^\s*(?:[*+\-•◦▪]|\d+[.)])\s")
# Capitalised words that name whom data goes to or what is covered, not who a company is:
# "our Affiliates" -> "our Partners" widens a term, however capitalised.
_ROLE = re.compile(r"\b(?:partners?|affiliates?|advertisers?|third|part(?:y|ies)|vendors?|providers?|"
                   r"processors?|subsidiar(?:y|ies)|users?|members?|customers?|data|information|content)\b",
                   re.IGNORECASE)


def _plain(text: str) -> str:
    return _INLINE_LINK.sub(r"\1", text)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM.match(text))


@by_text(CLAUSE_CHARS_KEPT)
def plain_reading(text: str) -> tuple[str, tuple[str, ...]]:
    """``_plain(text)`` and its ``_words``, kept by text: the notice and rename rules read
    every clause added or removed by every comparison, and a document's comparisons bring the
    same clauses back (a flapping page, a rewrite that comes and goes)."""
    plain = _plain(text)
    return plain, tuple(_words(plain))
