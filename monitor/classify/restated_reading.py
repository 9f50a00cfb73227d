"""A clause restated, read differently by the topic model (issue 13: neutral changes called
worse or better).

The topic model reads a clause as a whole; a rename or a few words of house style can move it
across its threshold ("your activities off Facebook" -> "your activities off of our Products"
is the same practice, scored 0.52 and 0.0 for tracking). A harm that only the model sees on
one side of a hunk, when the other side keeps the same clause (nine tenths of its content words
both ways, the others a rename (a name for a name), the same negations, nothing new reached)
and no rule of the category reads either side, is no change: the clause says what it said.

>>> from .clauses import load_classifier
>>> c = load_classifier()
>>> old, new = c.classify(["Partners tell us about purchases you make and websites you visit off Acmebook, whether or not you are logged in to Acmebook."]), \\
...     c.classify(["Partners tell us about purchases you make and websites you visit off our Products, whether or not you are logged in to our Products."])
>>> alike_clause(old[0], new)
True
>>> alike_clause(old[0], c.classify(["Partners tell us about purchases you make off Acmebook."]))
False
>>> alike_clause(old[0], c.classify(["Partners and shops tell us about purchases you make and websites you visit off Acmebook, whether or not you are logged in to Acmebook."]))
False
"""

from __future__ import annotations

import re

from .clauses import ClauseResult
from .reach import reach
from .reading import words_key
from .rules import find_rule_hits

# The share of content words two clauses hold in common (of the longer one) to be one clause.
SAME_CLAUSE_WORDS = 0.9
_NEGATION = re.compile(r"\b(?:not|never|no|cannot|don't|doesn't|won't|can't|without|unless|except|only)\b", re.IGNORECASE)


def _negations(text: str) -> list[str]:
    return sorted(m.group(0).lower() for m in _NEGATION.finditer(text))


def _names(text: str) -> set[str]:
    """The words (lower-cased) a clause writes capitalised past its first word: names. A
    clause written mostly in capitals ("TO THE EXTENT PERMITTED BY LAW ...") names nothing so."""
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return set()
    return {w.lower() for w in re.findall(r"(?<=\W)[A-Z]\w*", text)}


def _renamed(key: set[str], other_key: set[str], names: set[str], other_names: set[str]) -> bool:
    """Whether the words two clauses do not share are a rename: a name lost on one side for a
    name gained on the other ("Acmebook" -> "Products"); a name only added ("Partners and
    Meta") is a new party, one only dropped a party gone."""
    lost, gained = key - other_key, other_key - key
    return lost <= names and gained <= other_names and bool(lost) == bool(gained)


def alike_clause(clause: ClauseResult, others: list[ClauseResult]) -> bool:
    """Whether ``others`` holds the same clause restated: nine tenths of the content words of
    the longer of the two in common, the words that differ being a rename (a name lost for a
    name gained: "Facebook" -> "Products"), the same negations and limits, nothing new reached."""
    key, negations, reached = words_key(clause.text), _negations(clause.text), reach(clause.text)
    for other in others:
        other_key = words_key(other.text)
        if len(key & other_key) >= SAME_CLAUSE_WORDS * max(len(key), len(other_key)) \
                and _renamed(key, other_key, _names(clause.text), _names(other.text)) \
                and _negations(other.text) == negations and reach(other.text) == reached:
            return True
    return False


def model_reading_flipped(decision: dict, category: str, old: list[ClauseResult], new: list[ClauseResult]) -> bool:
    """Whether a harm ``added`` (``removed``) is only the topic model reading a clause that the
    other side of the hunk keeps restated: no rule of ``category`` reads the clause on either
    side."""
    if decision["why"] not in ("added", "removed"):
        return False
    other = old if decision["why"] == "added" else new
    if any(h.category == category for r in other for h in find_rule_hits(r.text)):
        return False
    return all(not any(h.category == category for h in find_rule_hits(clause.text)) and alike_clause(clause, other)
               for clause in decision["clauses"])
