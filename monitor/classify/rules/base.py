"""The :class:`Rule` a rule family is written with, the :class:`RuleHit` a match gives, and the
words that negate a match or hand it to the user's control."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .prefilter import Needed, can_match, needed_words

FLAGS = re.IGNORECASE


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, FLAGS)


# Each distinct search of the rules (`Rule.search`), numbered.
_SEARCHES: dict[tuple, int] = {}


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
    # Words that make the user the one acting ("you may not use ... to train", "you choose to
    # share"): a match in the same sentence as them, with no other party's act (ANOTHER_ACT)
    # between, is the user's act and no hit. Past that turn ("..., and we may train our models
    # on your content") the act is read as it stands.
    user_acts: re.Pattern | None = None
    # Lower-case word beginnings one of which any match must contain: a cheap test that
    # skips the regexes on most clauses (a test checks it never changes the result).
    trigger: tuple[str, ...] = ()

    @cached_property
    def needed(self) -> tuple[Needed, ...]:
        """Words every match of ``pattern`` contains, and every clause ``requires`` finds
        something in (:mod:`.prefilter`); read from the regexes on first use."""
        return needed_words(self.pattern) + (needed_words(self.requires) if self.requires is not None else ())

    @cached_property
    def search_key(self) -> int:
        """A number for what the rule's matches in a clause depend on, besides the clause: its
        pattern, the clause it ``requires`` and ``excludes``, the user's acts it leaves out
        and whether a concessive clause cuts a match (`matching._matches`); so also the words
        it needs (`needed`). Rules with the same number find the same matches in a clause (the
        18 categories of each of four neutral readings, in ``references.py`` and ``neutral.py``,
        share one): they are searched once per clause for all of them. (Patterns compare by
        their text, flags and code: equal ones match alike.)"""
        return _SEARCHES.setdefault((self.pattern, self.requires, self.excludes, self.user_acts, self.negatable),
                                    len(_SEARCHES))

    def may_match(self, lowered: str) -> bool:
        """False only when the rule cannot match the clause whose ``str.lower()`` is ``lowered``
        (a clause :func:`.prefilter.fold_safe`): it lacks words the rule needs."""
        return can_match(self.needed, lowered)


@dataclass(frozen=True)
class RuleHit:
    category: str
    polarity: str  # "harm" | "protection" | "neutral"
    start: int
    end: int
    text: str  # exactly text[start:end]
    rule: str = ""  # the note of the rule that matched: what a topic model's "ungated" list names



# Where a statement about the user ends and an act of the service (or anyone else) begins:
# "you can appeal, but Example may terminate ...", "you may not scrape the Services, and we may
# sell ...", "..., though we may ...". A reading of the user's side (a duty, a right, a
# remedy) never reaches past it, so the act that follows keeps its own reading. ("You may"
# is the user again, not another party. A subject with "may" right after a noun is a relative
# clause, not a new act: "use any data it may contain", "any content we may provide" stay the
# user's; a new subject needs a clause boundary (",", ";", "and", "but") before it.)
ANOTHER_ACT = (
    r",? (?:and|but|however,?|while|though|although|whereas|yet) (?:also )?(?:we|us|our|they|it)\b"
    r"|\b(?:though|although|whereas)\b"
    r"|(?:[,;:]\s*|\b(?:and|but|or|so|then|yet)\s+)(?:we|they|it|the (?:company|service|platform|provider|operator)|(?-i:(?!(?:You|Your|Users?|Customers?|Members?)\b)[A-Z][\w&.-]*))"
    r"(?: also)? (?:may|will|can|could|might|shall|reserves?|has the right)\b"
)

# A negation in the words just before a match (same part of the sentence) flips it.
_NEGATION = _re(r"\b(?:not|never|no longer|no|cannot|neither|nor|none of)\b|n[’']t\b")
# Where a part of a sentence starts: the negation window never crosses these.
_CLAUSE_BREAK = _re(r"[;:,.()\[\]]|\b(?:but|however|although|though|except|unless|whereas|while|and we|if)\b")
# "opt out of ...", "turn off ...": the user controls it; so does a request or right to restrict
# it ("Request that we restrict the sharing of data with third parties", a parent's right under
# COPPA: session 29, the pool's Coolmath4Kids; "rights to access, delete, and restrict the sale":
# unseen42, Xfinity).
_CONTROL = _re(r"\b(?:opt(?:ing)?[- ]?out|object(?:ing)? to|turn(?:ing)? off|disabl\w+|withdraw\w*|"
               r"limit(?:ing)?|control(?:ling)?|manag(?:e|ing)|choose|choices?|settings?|unsubscrib\w*|"
               r"do not sell|do not share)\b"
               # ... right before the act it restricts (review: "If you ask us to restrict processing we
               # will still share ..." shares; "We reserve the right to restrict access and to share ..."
               # is the service's right, not the user's)
               r"|\b(?:request(?:s|ing)?(?: that)? (?:we|us)(?: to)?|ask(?:ing)? (?:us|that we)(?: to)?"
               r"|(?:you|users?|consumers?|residents?|parents?|individuals?)(?: \w+){0,3} rights? to|your rights? to)"
               r" restrict(?:ing)?(?: the)?\s*$"
               # (the last of a list of rights: "rights to access, delete, and restrict the sale"; the part
               # of the sentence read here starts after the last comma)
               r"|^\W*(?:and|or) restrict(?:ing)?(?: the)?\s*$")
_WINDOW = 80
# The quoted name of a link, button or setting that is the user's control over an act ("the
# “Do Not Sell or Share My Personal Information” link), or a Markdown link's words ("by
# clicking [Do Not Sell My Personal Information](https://...)": a link renamed from "Do Not
# Sell My Info" gives no new protection; unseen30): a link, its words written as a name ("we [do
# not share](#sharing) your contacts" is a promise with a link in it).
CONTROL_NAME = r"[“\"‘]do not (?:sell|share)\b[^”\"’\n]{0,80}[”\"’]|(?-i:\[Do Not (?:Sell|Share)\b[^\[\]\n]{0,80}\]\()"
# compiled once; matching.py and polarity.py use this one (fix14a)
CONTROL_NAMES = re.compile(CONTROL_NAME, FLAGS)


def has_quotes(text: str) -> bool:
    """Whether ``text`` has an opening quotation mark or a link's opening bracket (a quoted
    name may be in it)."""
    return "“" in text or '"' in text or "‘" in text or "[" in text


def without_control_names(text: str) -> str:
    """``text`` with each quoted name of the user's control read as "settings" (what the topic
    models read: the name states no sale, sharing or tracking, and denies none)."""
    return CONTROL_NAMES.sub("settings", text) if has_quotes(text) else text


def mentions_negation(text: str) -> bool:
    """Whether ``text`` has a negation anywhere ("not", "never", "no", "don't"...)."""
    return _NEGATION.search(text) is not None
