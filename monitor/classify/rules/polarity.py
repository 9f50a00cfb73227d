"""The polarity of a clause (issue 13): who acts, and whether the act is denied.

A rule's words show a topic ("build profiles", "collect biometric data"); which way the
clause cuts depends on the words around them. These readings are the ones a consumer lawyer
would state in a sentence each (``docs/taxonomy.md``, "Polarity"):

- **A negation that negates nothing is no denial**: "including but *not limited to*",
  "whether or *not*", "*not only*", "sites we do *not* own or control" (whose site it is).
- **A denial governs the acts it lists**: "we make *no attempt to* connect data to any
  individual, or to build profiles" denies building profiles too.
- **A negation inside a condition states the circumstance, not the act**: "our services may
  use the Internet *when you're not* using them" is no promise (nor, from the words
  alone, a harm: "deleted *when* it is *no longer* needed" is a promise).
- **An act the service first asks consent for is limited by consent**: "when ads are
  personalised, we ask for your consent" states the promise to ask, not the ads.
- **A prohibition on the user is the user's obligation**: "you may not use the Services to
  collect biometric data" is neither a harm the service commits nor a promise it makes.

>>> denies("Sites we do not own or control may set cookies.")
False
>>> denies_in_main_clause("Our apps may use the network when you are not using them.")
False
>>> denies_only_in_condition("Our apps may use the network when you are not using them.")
True
>>> bool(forbids_user("You may not use the Services to collect biometric data."))
True
"""

from __future__ import annotations

import re

from .base import _NEGATION, ANOTHER_ACT, CONTROL_NAMES, _re, has_quotes

# Negations that deny no act: a list left open, an alternative, a quantifier ("not all
# content is available"), the owner of a third party's site, or the end of a need ("kept
# *until* it is *no longer* needed" is kept as long as it is needed: the same practice).
EMPTY_NEGATION = _re(
    r"\bnot (?:be )?limited to\b|\bwhether or not\b|\bnot only\b|\bnot (?:all|every)\b|\bno matter\b"
    r"|\b(?:until|once|when|as soon as)\b[^.;:]{0,40}?\bno longer\b(?= (?:\w+ )?(?:needed|necessary|required)\b)"
    r"|\b(?:do|does|did)(?: not|n[’']t) (?:own|operate|control|manage)\w*(?:,? (?:or|and) (?:own|operate|control|manage)\w*)+\b"
    r"|\bnot (?:owned|operated|controlled|managed)(?:,? (?:or|and) (?:owned|operated|controlled|managed))* by\b"
    # (session 28, unseen37 AWS) which data, not whether: "we may use ... Content that is not
    # personal data to develop and improve ..."
    r"|\b(?:that|which) (?:is|are) not personal (?:data|information)\b")
# A verb that denies every act it introduces, whatever the verb: "we make no attempt to",
# "we will not seek to", "we never try to".
DENYING_LEAD = (r"\bmakes? no (?:attempts?|efforts?) to|\b(?:will|do|does|shall|would)\s+not\s+(?:attempt|try|seek|intend) to"
                r"|\b(?:won[’']t|don[’']t|doesn[’']t|never)\s+(?:attempt|try|seek|intend) to|\brefrains? from")

# A condition or a time clause: after the statement, to its end ("... when you're not actively
# using the app"), or before it, closed by a comma ("If you do not log in for a year, ...").
# A negation there says when, not whether. (An opening condition without a comma cannot be
# told from the statement: "If you enable Do Not Track we do not collect analytics".)
_CONDITION_WORDS = r"(?:when|whenever|if|unless|while|until|once|even if|even when|whether|where|because|since)"
_CONDITION = _re(rf"^\W*{_CONDITION_WORDS}\b[^,;:.()]*[,;:]|(?<=\w)\s+{_CONDITION_WORDS}\b[^,;:.()]*")

# The user (not the service) told what they may not do: "you may not", "Customer shall not",
# "users are prohibited from", "you agree not to". ("You will not receive tailored ads", "you
# may not be able to log in" and "you cannot delete" say what happens or what is possible,
# not what is forbidden.)
USER_PROHIBITION = _re(
    r"\b(?:you|users?|customers?|members?|licensees?|subscribers?|developers?|advertisers?|(?-i:Customer|Licensee|Member|User))\s+"
    r"(?:(?:may|must|shall)\s+not(?!\s+(?:be|have|receive|see|get)\b)|mustn[’']t|shan[’']t|"
    r"agrees? (?:that (?:you|it|they) will )?not to|(?:are|is) not (?:allowed|permitted|authori[sz]ed) to|"
    r"(?:are|is) (?:prohibited|forbidden|barred) from)\b")
# The service asking the user's consent first: "when ads are personalized, we ask for your
# consent", "we obtain your explicit permission before ...".
def consent_asked(modals: str, verbs: str, nouns: str) -> re.Pattern:
    """The service (we, or a name) asking the user's consent: "we (will|may...) obtain your
    (prior|explicit...) consent", with the alternatives given as regex alternations."""
    return _re(rf"\b(?:we|(?-i:[A-Z][a-z]\w*))(?: (?:{modals}))* (?:{verbs})s? "
               r"(?:for )?(?:your|the user[’']s|users[’']) (?:(?:prior|explicit|express|affirmative|opt-in),? )*"
               rf"(?:{nouns})\b")


ASKS_CONSENT = consent_asked("will|may|also|first|always|must|only", "ask|obtain|seek|request|get|require",
                             "consent|permission|agreement")
# Where a prohibition stops governing: a turn, or a new subject taking over.
_TURN = _re(r"\b(?:but|however|although|though|except|unless|whereas|while|instead)\b|\b(?:and|or),? (?:we|they|it)\b"
            rf"|{ANOTHER_ACT}")
_SENTENCE_START = re.compile(r"[.;!?]\s|\n")


def sentence_start_within(starts: re.Pattern, text: str, start: int, reach: int) -> int:
    """Where the sentence that ``start`` is in begins (the end of the last of ``starts``'
    matches before ``start``), but no earlier than ``reach`` characters before it (may be
    negative). Only the text within reach is searched, not the sentence's whole run from the
    clause's start: a sentence with no full stop is read once per match in it, and searching
    from 0 each time made a long one quadratic. ``starts`` matches one or two characters, no
    anchor or lookaround: a match ending within reach begins within reach + 2 characters, and
    searching from there finds the same matches there (tests/test_speed.py compares the two)."""
    found = max((m.end() for m in starts.finditer(text, max(0, start - reach - 2), start)), default=0)
    return max(found, start - reach)


def without_empty_negations(text: str) -> str:
    """``text`` with its negations that negate nothing blanked out, every position kept (so a
    span of the text reads the same span of the result)."""
    text = EMPTY_NEGATION.sub(lambda m: " " * len(m.group(0)), text)
    # The quoted name of a link or setting ("the “Do Not Sell or Share My Personal Information”
    # link") names the user's control; it denies no act of the service. (Apart from
    # EMPTY_NEGATION: searched only in a clause with a quotation mark, one more alternative
    # there slowed every clause.)
    if has_quotes(text):
        text = CONTROL_NAMES.sub(lambda m: " " * len(m.group(0)), text)
    return text


def denies(text: str) -> bool:
    """Whether ``text`` has a negation that denies something (not "not limited to",
    "whether or not", "sites we do not own or control")."""
    return _NEGATION.search(without_empty_negations(text)) is not None


def denies_in_main_clause(text: str) -> bool:
    """Whether a negation denies the act the clause states: a negation that negates nothing,
    or one inside a condition or a time clause ("when you're not using the app"), does not."""
    return denies(_CONDITION.sub(" ", text))


def denies_only_in_condition(text: str) -> bool:
    """Whether the clause's only negations are in a condition or a time clause: it states an
    act under a circumstance ("may use the Internet when you're not using the app", "deleted
    when it is no longer needed"), which its words alone cannot tell a harm from a promise."""
    return denies(text) and not denies_in_main_clause(text)


# A clause whose statement opens with a prohibition on the user ("In using the Services,
# you may not ...") is that prohibition: this many characters at most before it.
_OPENING = 80


def forbids_user(text: str, start: int | None = None) -> re.Match | None:
    """The prohibition on the user that governs position ``start`` of ``text`` (the same
    sentence, before it, not turned by "but", "unless" or a new subject), or with ``start``
    None, the prohibition on the user the clause's statement opens with."""
    if start is None:
        main = _CONDITION.sub(lambda m: " " * len(m.group(0)), text)
        prohibition = USER_PROHIBITION.search(main)
        return prohibition if prohibition and prohibition.start() <= _OPENING else None
    for prohibition in USER_PROHIBITION.finditer(text, sentence_start_within(_SENTENCE_START, text, start, 300), start):
        if not _TURN.search(text, prohibition.end(), start):
            return prohibition
    return None
