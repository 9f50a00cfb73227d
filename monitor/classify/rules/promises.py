"""Promises not to use data for a purpose (issue 13, branch `promises`).

A consumer lawyer's rule (``docs/taxonomy.md``, "Polarity"): the service saying it will not
use users' data for advertising, targeting, marketing or lead generation makes an
``advertising`` protection (a denied "sell" is already a ``data_sale`` protection of the
selling rules, :mod:`.privacy`); a sensitive kind of data (religious or
political views, sexual orientation, "information with special protections") kept out of ads
is a ``sensitive_data`` protection, whether said as a denial ("we don't use your religious
views to show you ads") or as a limit ("we use it for these purposes, but not to show you ads").

Only the service promises: its subject is "we" or a name (the service's), never the user, a
customer or an advertiser ("you will not use data to target users" is the user's duty). A turn
("but", "unless", "and we") ends the promise: "we do not sell your data, but we use it to show
you ads" promises nothing about ads. The negation is part of the words, so they are not flipped.
The ToS;DR quotes the topic model learnt from do not use this wording, so both rules are freed
from the topic gate by hand (``scripts/train_privacy.py`` ``FREED_BY_HAND``); their tests
(``tests/test_units_rules_promises.py``) are their check.

>>> from monitor.classify.rules import find_rule_hits
>>> [(h.category, h.polarity) for h in find_rule_hits("Acme will not use data about your purchases to generate leads.")]
[('advertising', 'protection')]
"""

from __future__ import annotations

from .base import Rule, _re

# Who promises: "we", or a capitalised name that is not the user, a customer, another party
# told what to do, or a word that merely opens a sentence.
_SERVICE = (r"(?:\bwe|\b(?!(?-i:You|Your|Users?|Customers?|Members?|Licensees?|Subscribers?|Developers?|Advertisers?|"
            r"Partners?|Third|They|It|He|She|This|That|These|Those|Such|Each|Any|No|Please|Do|Don|If|When)\b)"
            r"(?-i:[A-Z][\w&’'.-]*))")
# The denial the promise is made with: "will not", "do not", "don't", "never" (+ an adverb).
_DENIED = (r"(?:\s+(?:also|generally|currently|otherwise))?\s+"
           r"(?:(?:will|do|does|shall|would)\s+not|won[’']t|don[’']t|doesn[’']t|never)(?:\s+\w+ly)?\s+")
_USE = r"(?:use|process|analy[sz]e|access|leverage)\b"
# Words between the act and its purpose, never across a turn ("but we use it to ...").
_GAP = (r"(?:(?!\b(?:but|however|except|unless|although|though|while|whereas|instead)\b|\b(?:and|or),?\s+(?:we|they|it)\b)"
        r"[^.;]){0,200}?")
# Purposes that are advertising in a lawyer's sense: ads, marketing, targeting, selling leads.
_AD_PURPOSE = (r"\b(?:to|for)\s+(?:(?:the|your|any|our|their|other|purposes? of|otherwise)\s+){0,3}"
               r"(?:show(?:ing)?\s+(?:you\s+|users\s+|people\s+)?(?:\w+\s+)?(?:ads|advertisements|advertising)|ads|advertis\w*|marketing|"
               r"market\s+to|target\w*|prospect\w*|generat\w+\s+(?:sales\s+)?leads|lead\s+generation|"
               r"personali[sz]\w*\s+(?:ads|advertising))\b")
# The data a promise is about (a promise not to use "the Services" for ads is no data promise).
_DATA = _re(r"\b(?:data|information|details|contents?|profiles?|contacts?|history|activity|usage|messages?|"
            r"views|fields|conversations|communications)\b")
# Kinds of data the law treats as special, in the words policies use for them.
_SENSITIVE = (r"(?:religious\s+(?:or\s+philosophical\s+)?(?:views|beliefs)|political\s+(?:views|opinions|beliefs|affiliations?)|"
              r"sexual\s+(?:orientation|life)|health\s+(?:data|information|conditions?)|racial\s+or\s+ethnic\s+origin|"
              r"information\s+with\s+special\s+protections|special\s+categor(?:y|ies)\s+of\s+(?:personal\s+)?data|"
              r"sensitive\s+(?:personal\s+)?(?:data|information))")


def _promise(purpose: str) -> str:
    return rf"{_SERVICE}{_DENIED}{_USE}{_GAP}{purpose}"


PROMISE_RULES: tuple[Rule, ...] = (
    Rule("advertising", _re(_promise(_AD_PURPOSE)), polarity="protection", negatable=False, requires=_DATA,
         note="The service promises not to use data for ads, marketing, targeting or lead generation.",
         trigger=("not", "don", "won", "doesn", "never")),
    # A sensitive kind of data kept out of ads: denied ("we don't use ... religious views ... to
    # show you ads") or limited ("we use information with special protections ..., but not to
    # show you ads").
    Rule("sensitive_data",
         _re(rf"{_promise('')}(?:(?!\b(?:but|however|except|unless)\b)[^.;]){{0,120}}?{_SENSITIVE}{_GAP}{_AD_PURPOSE}"
             rf"|\b{_SENSITIVE}[^.;]{{0,150}}?,?\s+but\s+not\s+{_AD_PURPOSE}"),
         polarity="protection", negatable=False,
         note="Sensitive data (religious or political views, sexual orientation, health) kept out of ads.",
         trigger=("religious", "political", "sexual", "health", "racial", "special", "sensitive")),
)
