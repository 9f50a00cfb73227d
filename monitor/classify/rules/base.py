"""The :class:`Rule` a rule family is written with, the :class:`RuleHit` a match gives, and the
words that negate a match or hand it to the user's control."""

from __future__ import annotations

import re
from dataclasses import dataclass

FLAGS = re.IGNORECASE


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, FLAGS)


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern
    polarity: str = "harm"  # or "protection", or "neutral" (see NEUTRAL_READINGS)
    requires: re.Pattern | None = None
    excludes: re.Pattern | None = None
    negatable: bool = True  # False: the words are negative by nature (waivers)
    controllable: bool = False  # True: "opt out of <match>" is not a harm hit
    note: str = ""
    # Lower-case word beginnings one of which any match must contain: a cheap test that
    # skips the regexes on most clauses (a test checks it never changes the result).
    trigger: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleHit:
    category: str
    polarity: str  # "harm" | "protection" | "neutral"
    start: int
    end: int
    text: str  # exactly text[start:end]
    rule: str = ""  # the note of the rule that matched: what a topic model's "ungated" list names



# A negation in the words just before a match (same part of the sentence) flips it.
_NEGATION = _re(r"\b(?:not|never|no longer|no|cannot|neither|nor|none of)\b|n[’']t\b")
# Where a part of a sentence starts: the negation window never crosses these.
_CLAUSE_BREAK = _re(r"[;:,.()\[\]]|\b(?:but|however|although|though|except|unless|whereas|while|and we|if)\b")
# "opt out of ...", "turn off ...": the user controls it.
_CONTROL = _re(r"\b(?:opt(?:ing)?[- ]?out|object(?:ing)? to|turn(?:ing)? off|disabl\w+|withdraw\w*|"
               r"limit(?:ing)?|control(?:ling)?|manag(?:e|ing)|choose|choices?|settings?|unsubscrib\w*|"
               r"do not sell|do not share)\b")
_WINDOW = 80


def mentions_negation(text: str) -> bool:
    """Whether ``text`` has a negation anywhere ("not", "never", "no", "don't"...)."""
    return _NEGATION.search(text) is not None
