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
from functools import lru_cache

from .clauses import ClauseResult
from .reach import reach
from .reading import words_key
from .rules import find_rule_hits

# The share of content words two clauses hold in common (of the longer one) to be one clause.
SAME_CLAUSE_WORDS = 0.9
_NEGATION = re.compile(r"\b(?:not|never|no|cannot|don't|doesn't|won't|can't|without|unless|except|only)\b", re.IGNORECASE)


# Kept by text, as `_compared` below: each clause of a decision is compared with every clause
# of the other side of its hunk, for each category, and a document's hunks repeat clauses.
# (Callers only compare two answers for equality.)
@lru_cache(maxsize=1 << 14)
def _negations(text: str) -> tuple[str, ...]:
    return tuple(sorted(m.group(0).lower() for m in _NEGATION.finditer(text)))


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


# A parenthesis that only names the party again: a former name, a parent company, a short
# name ("Brevo (ex Sendinblue)", "Xandr (a Microsoft company)", "Acme Ltd (\u201cAcme\u201d)").
# Dropping or adding one reaches no one new: the party is the one the clause names anyway. A
# parenthesis that lists ("Google LLC (Google Analytics, Google Ads)") names products or
# recipients, one that limits ("(except for gross negligence)", "(not a Microsoft company)")
# or counts ("(ex VAT)", "(2024)") says something, and both are read; so is any parenthesis of a
# clause written in capitals, where every word looks like a name.
_PARENTHESIS = re.compile(r" ?\(([^(),;]{1,60})\)")
_ALIAS_MARKERS = frozenset("ex formerly previously known company hereinafter".split())
_ALIAS_WORDS = _ALIAS_MARKERS | frozenset("now as also a an the group inc ltd llc sas gmbh plc corp referred to".split())
_NOT_A_NAME = frozenset("and or vat tax taxes gst".split())
_QUOTED = re.compile(r"^\s*[\"\u201c\u2018']\s*[^\"\u201d\u2019']+[\"\u201d\u2019']\s*$")


def _alias(match: re.Match) -> bool:
    inside = match.group(1)
    words = re.findall(r"[^\W\d_]+", inside)
    if not words or any(c.isdigit() for c in inside) or _NEGATION.search(inside) \
            or any(w.lower() in _NOT_A_NAME for w in words):
        return False
    names_only = all(w[0].isupper() or w.lower() in _ALIAS_WORDS for w in words) and any(w[0].isupper() for w in words)
    first = words[0].lower()
    # "ex Sendinblue", "formerly Zapco": a marker, then the name; "a Microsoft company": a marker after
    # the name ("ex" only ever leads: "(ex VAT)" is no name)
    marked = (first in _ALIAS_MARKERS and len(words) > 1 and words[1][0].isupper()) \
        or (first != "ex" and any(w.lower() in _ALIAS_MARKERS for w in words[1:]))
    return bool(names_only and (_QUOTED.match(inside) or marked))


@lru_cache(maxsize=16_384)   # a hunk's clauses are compared with every clause of its other side
def without_aliases(text: str) -> str:
    """``text`` without the parentheses that only name a party again (`_PARENTHESIS`).

    >>> without_aliases("Brevo (ex Sendinblue) may modify these Terms (and its offer).")
    'Brevo may modify these Terms (and its offer).'
    >>> without_aliases("Acme Ltd (\u201cAcme\u201d) shares data with Google LLC (Google Analytics, Google Ads) and Meta (Facebook).")
    'Acme Ltd shares data with Google LLC (Google Analytics, Google Ads) and Meta (Facebook).'
    """
    if not _names(text):   # no names, or written in capitals
        return text
    return _PARENTHESIS.sub(lambda match: "" if _alias(match) else match.group(0), text)


def alike_clause(clause: ClauseResult, others: list[ClauseResult]) -> bool:
    """Whether ``others`` holds the same clause restated: nine tenths of the content words of
    the longer of the two in common, the words that differ being a rename (a name lost for a
    name gained: "Facebook" -> "Products", or a party's other name in parentheses dropped:
    "Brevo (ex Sendinblue)" -> "Brevo"), the same negations and limits, nothing new reached."""
    text = without_aliases(clause.text)
    key, negations, reached = words_key(text), _negations(clause.text), reach(clause.text)
    for other in others:
        other_text = without_aliases(other.text)
        other_key = words_key(other_text)
        if len(key & other_key) >= SAME_CLAUSE_WORDS * max(len(key), len(other_key)) \
                and _renamed(key, other_key, _names(text), _names(other_text)) \
                and _negations(other.text) == negations and reach(other.text) == reached:
            return True
    return False


# (unseen23) A word and its short form are one word: Lyft's "share additional info with us" became
# "... additional information ...", and only the long form meets the rules' patterns.
_SHORT_FORMS = {"info": "information", "info.": "information."}


@lru_cache(maxsize=1 << 14)
def _compared(text: str) -> tuple[tuple[str, ...], frozenset[str], bool]:
    """A clause's words once party aliases are set aside and short forms spelled out, what its
    words (short forms spelled out) reach, and whether either step changed anything."""
    words = text.split()
    spelled = [_SHORT_FORMS.get(word.lower(), word) for word in words]
    reached = reach(text if spelled == words else " ".join(spelled))
    plain_text = without_aliases(text)
    plain = plain_text.split()
    plain_spelled = [_SHORT_FORMS.get(word.lower(), word) for word in plain]
    return tuple(plain_spelled), reached, plain_text != text or plain_spelled != plain


def _same_but_aliases(clause: ClauseResult, others: list[ClauseResult]) -> bool:
    """Whether ``others`` holds ``clause`` word for word once the parentheses that only name a
    party again are set aside and short forms spelled out ("info"), one of them having held such
    a parenthesis or short form (a rule's pattern can stop at "Brevo (ex Sendinblue) may ...";
    the model scores the two apart)."""
    words, reached, changed = _compared(clause.text)
    negations = _negations(clause.text)
    for other in others:
        other_words, other_reached, other_changed = _compared(other.text)
        if (changed or other_changed) and other_words == words and _negations(other.text) == negations \
                and other_reached == reached:
            return True
    return False


def model_reading_flipped(decision: dict, category: str, old: list[ClauseResult], new: list[ClauseResult]) -> bool:
    """Whether a harm ``added`` (``removed``) is only the topic model reading a clause that the
    other side of the hunk keeps restated: no rule of ``category`` reads the clause on either
    side."""
    if decision["why"] not in ("added", "removed"):
        return False
    other = old if decision["why"] == "added" else new
    if decision["clauses"] and all(_same_but_aliases(clause, other) for clause in decision["clauses"]):
        return True   # the same words: whatever read one side, rule or model, reads both
    if any(h.category == category for r in other for h in find_rule_hits(r.text)):
        return False
    return all(not any(h.category == category for h in find_rule_hits(clause.text)) and alike_clause(clause, other)
               for clause in decision["clauses"])
