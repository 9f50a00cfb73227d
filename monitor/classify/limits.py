"""Clauses that name a practice only to limit it: a gain, not a new harm (see :mod:`.assess`).

The words of a safeguard name the practice they guard: "we will only terminate your account
with advance notice" speaks of terminating, "if we share your data with an AI provider, it may
not train on it" speaks of sharing. Read word by word, each names a harm; read as a consumer
lawyer reads them, each restricts what the service may do. Two readings of an added clause:

- `restricts_practice`: a practice the old text already allowed, stated again under "only" or
  "solely" ("we retain it only as long as necessary", "location is shared only if you enable
  it"), reaching no recipient, kind of data or purpose and no sweeping word the old text's
  clauses of the practice did not: the terms now bind the service to a limit, a gain. Not in
  the categories where "only" is the harm's own wording (a liability "only" up to a cap, claims
  "only" individually, disputes "solely" by arbitration), nor a limit put on the user ("you may
  give notices only as we direct").
- `practice_only_in_condition_of_promise`: a clause that opens with a condition naming the
  practice ("if / in case / where we share ...") and goes on to a promise (it reads as a
  protection too): the practice is the promise's scope, not a practice the clause introduces
  (`assess` asks it only where the old text states the practice: it is read there).
"""

from __future__ import annotations

import re

from .clauses import ClauseResult
from .reach import reach
from .stated import DATA_CATEGORIES, _Side, names_beyond, product_names

# The practices of the service over the user's data or account, where "only" can only limit:
# what data it collects, keeps, shares or sells, for which purposes, and its powers over the
# account and the contract.
PRACTICE_CATEGORIES = DATA_CATEGORIES | {"tracking", "advertising", "ai_training", "government_access",
                                         "unilateral_termination", "unilateral_change", "content_removal"}

# "only"/"solely" limiting the clause ("not only ... but also" widens, "not solely automated"
# denies the limit, and "solely at the discretion of Dailymotion" is the discretion itself).
_ONLY = re.compile(r"(?<!\bnot )\b(?:only|solely)\b(?!\s+(?:at|in|within)\s+(?:the\s+|its\s+|our\s+|their\s+)?"
                   r"(?:own\s+|sole\s+|absolute\s+|complete\s+)?discretion)", re.IGNORECASE)
# A limit put on the user rather than on the service: "you may give us notices only as we direct".
_USER_LIMITED = re.compile(r"\byou(?:r)?\b[^.;:]{0,40}?\b(?:may|can|shall|must|will|agree)\b[^.;:]{0,60}?"
                           r"\b(?:only|solely)\b", re.IGNORECASE)
# A condition opening the clause: "If ...", "In case (that) ...", "Where ...", "Should ...".
_OPENING_CONDITION = re.compile(r"\s*(?:if|in case|in the event|when(?:ever)?|where|should)\b", re.IGNORECASE)


# A word that sweeps the "only" away: "only ... and indefinitely after that", "only if we
# receive a complaint from anyone", "only for any purpose".
_SWEEPING = re.compile(r"\b(?:indefinitely|forever|perpetual\w*|any(?:one|body|thing)?)\b", re.IGNORECASE)
# Who or what ", and" / ", or" join to the limited practice: "only our partners, and the
# companies they work with". (An act joined without a comma, "only terminate your account or
# suspend your access with notice", is the same limit on two acts; ", and we will ..." starts
# another sentence of the service.)
_JOINED = re.compile(r",\s*(?:and|or)\s+((?:the|their|its|our|other|all|any)\b[^.;:,]*)", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")


def _limits(text: str) -> bool:
    return bool(_ONLY.search(text)) and not _USER_LIMITED.search(text)


def _adds_to_the_practice(text: str, old_words: set[str]) -> bool:
    """Whether a clause under "only" says more than the old clauses of its practice: a sweeping
    word, or a party or an object joined with ", and" / ", or" in words the old clauses lack (a
    recipient they never named)."""
    if _SWEEPING.search(text):
        return True
    after_only = text[_ONLY.search(text).end():]
    return any(set(_WORD.findall(joined.group(1).lower())) - old_words for joined in _JOINED.finditer(after_only))


def restricts_practice(category_id: str, added: list[ClauseResult], old_side: _Side) -> bool:
    """Whether the added harm clauses of ``category_id`` only restrict a practice the old text
    already states (``old_side``: the old version's clauses of the category, `_document_sides`).

    >>> from .clauses import load_classifier
    >>> from .stated import _sides
    >>> c = load_classifier()
    >>> old = _sides(c.classify(["We may close your account at any time for any reason."]), "unilateral_termination")
    >>> limited = c.classify(["We will only close your account with prior notice, unless the law forbids it."])
    >>> restricts_practice("unilateral_termination", limited, old)
    True
    >>> restricts_practice("unilateral_termination", c.classify(["We may close your account without notice."]), old)
    False
    """
    if category_id not in PRACTICE_CATEGORIES or not added or not old_side.harm:
        return False
    if not all(_limits(r.text) for r in added):
        return False
    old_widen, _ = old_side.scope()
    new_widen, _ = _Side(harm=list(added)).scope()
    reached = frozenset().union(*(reach(r.text) for r in added))
    old_words = set(_WORD.findall(" ".join(r.text for r in old_side.harm).lower()))
    # (session 28) a clause written for a product the old clauses are not written for ("... Your
    # Content that is processed by the AWS Supply Chain service ... solely in connection with ...")
    # brings the practice to that product; its limits bound the new reach, they restrict nothing
    # the old text stated
    old_names = frozenset().union(*(product_names(r.text) for r in old_side.harm))
    return new_widen <= old_widen and reached <= old_side.reach() \
        and not any(_adds_to_the_practice(r.text, old_words) or names_beyond(r.text, old_names) for r in added)


def practice_only_in_condition_of_promise(added: list[ClauseResult]) -> bool:
    """Whether every added harm clause names its practice in an opening condition of a promise
    it makes ("In case we share your data with a provider, we will ensure it does not ...").

    >>> from .clauses import ClauseResult
    >>> r = ClauseResult("If we pass your data to a vendor, the vendor may not sell it.", ["data_sharing"], {},
    ...                  protections={"data_sale": ["may not sell it"]})
    >>> practice_only_in_condition_of_promise([r])
    True
    """
    return bool(added) and all(r.protections and _OPENING_CONDITION.match(r.text) for r in added)
