"""Safeguards around the service's power to suspend, terminate or remove (issue 13, session 27).

Since the EU's Digital Services Act, terms describe how an account is suspended or content is
removed: the service tells the user before it acts ("Before suspending or terminating your
account, we'll provide you with advance notice"), gives its reasons ("we will provide you with
a statement of reasons"), and names an independent body the user may turn to ("a certified
out-of-court dispute settlement body"). The power itself was in the terms before; a consumer
lawyer reads each of these as a gain of the user, and the readers of the readings pool read
the changes that add them as better (Google Drive, October 2025; Amazon Advertising, August
2024; Alibaba.com and TikTok under the DSA). Read word by word, "suspending", "terminating"
and "removal" are the power's words: the neutral readings of `neutral.py` keep the model from
reading them as the power itself; these rules read the safeguard.

A safeguard denied ("we will not give you notice before terminating") flips to a harm, as any
negated protection does. A safeguard that yields to the service's say-so ("unless we
believe ...") is left to the words around it, as the neutral reading of notice is.
"""

from __future__ import annotations

import re

from .base import ANOTHER_ACT, Rule, _re

# What the safeguard guards, by category: an account or access ended, or content taken down.
_ACCOUNT = _re(r"\b(?:accounts?|access|membership|subscriptions?|profiles?|use of (?:the |our )?services?)\b")
_CONTENT = _re(r"\b(?:content|posts?|uploads?|videos?|listings?|comments?|reviews?|materials?)\b")
# Each category: the words its safeguard must name, and those that give it to the other (one
# safeguard counts once: of an account when it names one, else of the content it names).
_GUARDED = {"unilateral_termination": (_ACCOUNT, None), "content_removal": (_CONTENT, _ACCOUNT)}
# A safeguard hedged away is none: "we are not obliged to", "at our sole discretion", "if we
# choose", "unless we decide otherwise", "only where required by law", an act "for any reason",
# funds forfeited. (Exceptions the law allows, "unless doing so would compromise an
# investigation", leave the safeguard standing.)
HEDGED = (r"\b(?:unless|except (?:where|when|if|as))\b (?:(?:we|it|they|(?-i:[A-Z][\w&.-]*)) (?:\w+ ){0,2}?"
          r"(?:decide|choose|determine|elect|consider|deem|think|believe|prefer|wish)\w*|otherwise)\b|"
          r"\bexcept as (?:we|it) (?:\w+ ){0,2}?(?:decide|choose|determine)\w*\b|"
          r"\bnot (?:be )?(?:obliged|obligated|required|bound)\b|\bno obligation\b|"
          r"\bdiscretion\b|\bif (?:we|it) (?:choose|chooses|decide|decides|wish|wishes)\b|"
          r"\bonly (?:where|if|when|as|to the extent) (?:\w+ ){0,3}?required\b|\bfor any (?:other |or no )?reason\b|"
          r"\bforfeit\w*|\bsave (?:where|as|if)\b|\bnever\b")

# The service's acts over an account or content (`reading.py` reads lists of their grounds too).
ACT = r"(?:terminat|suspend|suspension|clos|deactivat|disabl|remov|delet|restrict|block|ban)\w*"
_WE_WILL = r"\b(?:we|us)(?:['’]ll| will| shall| would)?"
_UP_TO_ANOTHER_ACT = rf"(?:(?!{ANOTHER_ACT}|,? (?:and|but|or)\b)[^.;])*"

# Notice of the act, before it or when it comes, in either order: "Before suspending ..., we'll
# provide you with advance notice", "we will give you (reasonable) notice before we terminate",
# "we will notify you before removing", "Roblox may notify User if Roblox suspends or terminates a
# User Account" (a notice the service may give is still one it undertakes to consider).
_SERVICE = r"(?:\b(?:we|us)|(?-i:\b[A-Z][\w&.-]*))"
NOTICE_OF_THE_ACT = (
    rf"\bbefore (?:\w+ ){{0,3}}?{ACT}\b[^.;]{{0,80}}?{_WE_WILL} (?:give|provide|send|notify|tell|inform)\b"
    rf" (?:you|users?|the user|members?|(?:\w+ )?notice)\b{_UP_TO_ANOTHER_ACT}"
    rf"|{_WE_WILL} (?:give|provide|send)(?: you)?(?: with)? (?:\w+ ){{0,3}}?notice\b[^.;]{{0,60}}?\bbefore "
    rf"(?:\w+ ){{0,3}}?{ACT}\b"
    rf"|{_WE_WILL} (?:notify|inform|tell) you\b[^.;]{{0,60}}?\bbefore (?:\w+ ){{0,3}}?{ACT}\b"
    rf"|{_SERVICE}(?:['’]ll| will| shall| may) (?:notify|inform|tell) (?:you|users?|(?-i:[A-Z]\w*))\b (?:\w+ ){{0,2}}?"
    rf"(?:if|when|whenever|where|after) (?:we|it|they|(?-i:[A-Z][\w&.-]*)) (?:[\w()]+ ){{0,3}}?{ACT}\b"
    # ... the rest of its condition: the acts and grounds the notice comes with
    rf"(?:(?!{ANOTHER_ACT})[^.;])*")

# The reasons given: "a statement of reasons", "describe the reason for our action", "notify you
# of the reasons for the restriction".
_REASONS = (r"\bstatement of reasons\b"
            r"|\b(?:describe|explain|state|give|provide|include|tell you|inform you of|notify you of)\b (?:you )?(?:with )?"
            r"(?:the|a|our) reasons? (?:for|behind|of) (?:our|the|this|that|any|such|its) (?:\w+ ){0,2}?"
            r"(?:decisions?|actions?|restrictions?|suspensions?|terminations?|removals?|measures?)\b")

_REASONS_DENIED = (r"\bnot (?:be )?(?:provided|given|available)\b|\bno (?:statement|reasons?)\b|"
                   r"\bwithout (?:a |any )?(?:statement|reasons?)\b")


def _excludes(*patterns: str | None) -> re.Pattern:
    return _re("|".join(p for p in patterns if p))


SAFEGUARD_RULES: tuple[Rule, ...] = tuple(
    rule
    for category, (guarded, given_to_other) in _GUARDED.items()
    for other in [given_to_other.pattern if given_to_other else None]
    for rule in (
        Rule(category, _re(NOTICE_OF_THE_ACT), polarity="protection", requires=guarded,
             excludes=_excludes(HEDGED, other),
             note="Notice promised before an account is ended or content removed: a safeguard of the user.",
             trigger=("before", "notice", "notif", "inform", "tell")),
        Rule(category, _re(_REASONS), polarity="protection", requires=guarded,
             excludes=_excludes(HEDGED, _REASONS_DENIED, other),
             note="The reasons for a suspension, termination or removal given to the user: a safeguard.",
             trigger=("reason",)),
    ))

# A review of the decision offered ("Roblox may provide User with an opportunity to request another
# review of Roblox's decision", "you will have the option to request a reconsideration").
SAFEGUARD_RULES += (
    Rule("user_rights",
         _re(r"\b(?:opportunity|option|chance|possibility|right|ability) to (?:request|ask for|seek|obtain) "
             r"(?:a |an |another |a further |a second |further )?(?:human )?(?:review|reconsideration|re-?examination)\b"),
         polarity="protection",
         excludes=_re(r"\bwaive\w*|\bno (?:opportunity|option|right)\b|\bnot (?:have|be given)\b|\bfees?\b|\bpay\w*|"
                      r"\bcharge\w*"),
         note="A review of the service's decision offered to the user: a recourse.",
         trigger=("opportunit", "option", "chance", "possibilit", "right", "abilit")),
)

# An independent body the user may take a moderation or account decision to: the DSA's
# certified out-of-court dispute settlement. (The Data Privacy Framework's bodies are read by
# `recourse.py`.)
SAFEGUARD_RULES += (
    Rule("user_rights",
         _re(r"\bout[- ]of[- ]court (?:dispute (?:settlement|resolution)|settlement)(?: bod(?:y|ies))?\b"),
         polarity="protection",
         # the user's choice of a certified body, not disputes sent to binding resolution
         requires=_re(r"\bcertified\b|\b(?:you|users?)\b[^.;]{0,40}?\b(?:may|can|have the right to|are entitled to|"
                      r"are free to)\b"),
         excludes=_re(r"\bwaive\w*|\bnot (?:be )?(?:entitled|able|permitted|available)\b|\bno right\b|\bbinding\b|"
                      r"\bmust\b|\bshall be (?:resolved|settled|submitted)\b|\barbitrat\w*"),
         note="A certified out-of-court dispute settlement body the user may turn to (the DSA's): a recourse.",
         trigger=("court",)),
)
