"""Readings for categories the older rules under-read (issue 13, branch `recall3`): data the
service shares without naming who gets it, data given to advertising or analytics companies,
ads personalised in plain verbs. Each rule is one sentence of ``docs/taxonomy.md``; the
tests are in ``tests/test_units_rules_recall3.py``."""

from __future__ import annotations

from .base import Rule, _re
from .wording import _SHARE_VERBS

# Kinds of data named as such: what the service says it shares.
_DATA_NOUN = (r"(?:identifiers?|IDs?|information|data|details|profiles?|records?|history|histories|activity|"
              r"(?:e-?mail |IP )?address(?:es)?)")
# A company whose trade is advertising, analytics or measurement: data given to one is
# given for those ends, whatever the verb ("provide information to measurement partners").
_AD_RECIPIENT = (r"(?:(?:our|these|those|such|certain|select(?:ed)?|other|third[- ]party|trusted)\s+){0,2}"
                 r"(?:advertising|ad|ad tech|analytics|measurement|marketing)"
                 r"(?:(?:,| and| or| &)\s*(?:advertising|ad|analytics|measurement|marketing))*\s+"
                 r"(?:partners?|companies|providers?|firms|networks?|vendors?|services? providers?)")

# A recipient the sentence before named, pointed back to: "that non-Microsoft party", "such
# third-party platforms", "those companies".
_POINTED_BACK = (r"(?:that|such|these|those)\s+(?:[\w-]+\s+){0,2}?"
                 r"(?:part(?:y|ies)|platforms?|compan(?:y|ies)|providers?|publishers?|developers?|partners?|vendors?)\b")

_DATA_WORD = _re(r"\b(?:information|data|identifiers?|details|activit\w+|usage|profiles?|personal|history)\b")
# The user giving or sharing data themselves ("any data you send to such platforms").
# ("your data may be shared" is the service's data, not the user giving it.)
_USER_GIVES_WORDS = r"\byou (?:\w+ ){0,3}?(?:share|sharing|send|provide|disclose|transfer|give)\w*\b"
_USER_GIVES = _re(_USER_GIVES_WORDS)
# Data no longer about anyone: aggregated, de-identified, non-personal.
_NOT_PERSONAL = r"\b(?:aggregated?|de-?identified|anonymi[sz]ed|pseudonymi[sz]ed|non-?personal)\b"
# Other companies giving data among themselves ("advertisers may share information with
# measurement partners"): not the service's own sharing. (Only as the clause's subject: "we
# share it with analytics providers so they can provide us reports" is the service's.)
_OTHERS_GIVE = (r"^\W*(?:(?!we\b)[\w,]+\s+){0,4}?(?:advertisers|publishers|partners|developers|third parties|those companies)\s+"
                r"(?:(?:may|can|also|might|could|will)\s+)*(?:share|send|provide|disclose|transfer|give)\b")

RECALL_RULES: tuple[Rule, ...] = (
    # The service says it shares a kind of data for ads without naming who gets it ("we may
    # share an advertising identifier ... so they can serve you ads"): sharing all the same.
    # Users sharing themselves ("you can share your profile") and sharing with the user are not it.
    Rule("data_sharing",
         _re(r"\bwe (?:(?:may|also|will|can|might|could|sometimes|then|only|do|does|did|not|never|cannot|don[’']t|won[’']t)\s+)*"
             r"(?:share|disclose)\s+"
             r"(?!(?:it|them|this|that)\b)(?:(?:an?|the|your|some|certain|limited|additional|other|such|these|those|"
             r"personal)\s+){0,2}(?:[\w-]+\s+){0,3}?" + _DATA_NOUN + r"\b"
             r"(?![^.;]{0,40}?\bwith you\b)"),
         # Users sharing themselves; data no longer about anyone (aggregated, de-identified);
         # disclosures the law compels, which are government access.
         user_acts=_re(r"\byou (?:may|can|must|shall|will|agree|choose|decide)(?: not)?(?: to)? (?:\w+ )?(?:share|send|provide|disclose|transfer)\b"),
         excludes=_re(r"\b(?:aggregated?|de-?identified|anonymi[sz]ed|pseudonymi[sz]ed)\b"
                      r"|\b(?:law enforcement|subpoenas?|warrants?|court orders?|required (?:to do so )?by law|legally required|"
                      r"comply with (?:a |any |the |applicable )?(?:law|legal)|public authorit\w+|government\w*|legal (?:process|requests?))\b"),
         requires=_re(r"\b(?:ads|advert\w*)\b"),
         controllable=True,
         note="The service shares a kind of data it names for ads, whoever the recipient.",
         trigger=("shar", "disclos", "transfer")),
    # Data given to advertising, analytics or measurement companies (their trade is what the
    # data is for), in any verb of giving.
    Rule("data_sharing",
         # A relative clause in the gap ("information that does not identify you") describes the
         # data: its "not" denies nothing about the giving, so the gap may not hold one.
         _re(rf"\b{_SHARE_VERBS}\b(?:(?!\b(?:that|which|who)\b)[^.;]){{0,80}}?\b(?:to|with)\s+{_AD_RECIPIENT}\b"),
         user_acts=_re(r"\byou (?:may|can|must|shall|will|agree|choose|decide)(?: not)?(?: to)? (?:\w+ )?(?:share|send|provide|disclose|transfer|give)\b"),
         excludes=_re(r"\b(?:provid\w+|sen[dt]s?) (?:you|users?) (?:with )?"
                      rf"|{_USER_GIVES_WORDS}|{_NOT_PERSONAL}|{_OTHERS_GIVE}"),
         requires=_re(r"\b(?:information|data|identifiers?|details|activity|profiles?|personal)\b"),
         controllable=True,
         note="The service gives data to advertising, analytics or measurement companies.",
         trigger=("advertis", "ad", "analytic", "measurement", "marketing")),
    # A recipient pointed back to ("with that non-Microsoft party", "to those companies") is
    # as specific as a name: the sentence before said who it is. (Behind the topic gate: freed,
    # it read an unchanged sharing clause on both sides of a rewrite whose conditions widened.)
    Rule("data_sharing",
         _re(r"\b(?:share[sd]?|sharing|disclos(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|sen[dt]s?|releas(?:e|es|ed|ing)|"
             r"transferr?(?:s|ed|ing)?|made available)\b(?:[^.;()]|\([^()]{0,200}\)){0,100}?\b(?:with|to)\s+" + _POINTED_BACK),
         requires=_DATA_WORD,
         excludes=_USER_GIVES,
         controllable=True,
         note="The service's data goes to a recipient pointed back to ('that party', 'those companies').",
         trigger=("shar", "disclos", "provid", "sen", "releas", "transfer", "made")),
    # Data "tracked / shared by" a third party pointed back to ("such third-party platforms")
    # goes to that party: it is the one that receives it.
    Rule("data_sharing",
         _re(r"\b(?:shared|disclosed|tracked|collected)\s+by\s+" + _POINTED_BACK),
         requires=_DATA_WORD,
         # A disclaimer ("we are not responsible for information collected by such third
         # parties") or a denial of what the third party does is no promise the service makes.
         excludes=_re(rf"{_USER_GIVES_WORDS}|\bnot responsible\b|\bno (?:responsibility|control|liability)\b"
                      r"|\b(?:not|never)\s+(?:be\s+)?(?:shared|disclosed|tracked|collected)\s+by\b"),
         controllable=True,
         note="Data tracked or shared by a third party pointed back to ('such third-party platforms').",
         trigger=("shared", "disclosed", "tracked", "collected")),
    # Ads personalised in a verb ("personalize the ads people see", "to target ads"). (Not
    # "their ads": advertisers customising their own ads is their business.)
    Rule("advertising",
         _re(r"\b(?:personali[sz]\w*|customi[sz]\w*|target\w*|tailor\w*)\s+(?:(?:the|your|our|any|and|or|"
             r"experiences?|content|features?|products?|offers?)\s+|,\s*){0,4}(?:ads|advertising|advertisements|adverts)\b"
             # the service's own ad money ("target our advertising budget on TV") is no ad to the user
             r"(?!\s+(?:budgets?|spend\w*|costs?|expenditures?))"),
         controllable=True,
         note="Ads personalised or targeted, said with a verb.",
         trigger=("personali", "customi", "target", "tailor")),
)
