"""What a harm clause reaches: to whom data goes, which kinds of data, for which purposes.

A harm added by a change is "already stated" when the old text said the same thing in other
words (:func:`.stated.already_stated`, :func:`.reading.said_on_both_sides`). A clause of the
same category that reaches a new recipient, a new kind of data or a new purpose does not say
the same thing: "we share your information with service providers" does not already state
"we share your information with advertising companies", and "we collect voice data" does not
already state "we collect message data". `new_reach` names what an added clause reaches that
none of the old clauses compared with it does.

>>> sorted(new_reach("We may disclose certain personal information to advertising companies.",
...                  ["We share your personal information with service providers."]))
['purpose:advertising', 'recipient:advertisers']
>>> new_reach("Your personal information may be shared with our service providers.",
...           ["We share your personal information with vendors and service providers."])
frozenset()
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable

# One entry per kind of thing a clause can reach, by the words that name it. Words are
# matched whole and case-insensitively; several spellings of one kind share one label, so a
# reworded clause ("advertisers" → "advertising partners") reaches nothing new.
_REACH: dict[str, str] = {
    # to whom
    "recipient:advertisers": r"advertis\w* (?:compan\w+|partners?|networks?|providers?)|advertisers|ad (?:partners|networks|companies)",
    "recipient:data brokers": r"data brokers?",
    "recipient:affiliates": r"affiliat\w+|family of companies|group companies|corporate family|parent compan\w+|subsidiar\w+",
    "recipient:service providers": r"service providers?|vendors?|processors?|contractors?|suppliers?",
    "recipient:authorities": r"law enforcement|government\w*|public authorit\w+|regulators?|courts?",
    "recipient:researchers": r"researchers?|academic\w*",
    "recipient:measurement": r"analytics (?:partners|providers|companies)|measurement (?:partners|providers|companies)",
    "recipient:other users": r"other users|the public|publicly",
    "recipient:third parties": r"third[- ]part(?:y|ies)",
    # which data
    "data:location": r"(?:geo-?)?location|gps|where you are",
    "data:contacts": r"contacts|address book|phone book",
    "data:messages": r"messag\w+|chats?|communications?",
    "data:voice": r"voice|audio|recordings?|microphone",
    "data:images": r"photos?|images?|pictures?|camera|videos?",
    "data:biometric": r"biometric\w*|face(?!book)\w*|facial|fingerprints?|voiceprints?",
    "data:health": r"health|medical|fitness",
    "data:financial": r"financial|payment\w*|credit cards?|bank\w*",
    "data:identity": r"government[- ](?:issued )?id\w*|passports?|driver'?s licen[cs]es?|social security",
    "data:browsing": r"browsing|search (?:history|queries|terms)|web (?:&|and) app activity",
    "data:purchases": r"purchases?|transactions?|orders?",
    # an age threshold ("under 16 years of age", "under the age of 13") says whose data, not
    # that age is collected: "minors" in its place reaches no less
    "data:age": r"(?<!years of )age(?! of (?:\d|majority|consent))|date of birth|birthday",
    "data:demographics": r"demographic\w*|gender|income|household",
    "data:beliefs": r"religio\w+|political|sexual\w*|ethnic\w*|racial",
    "data:identifiers": r"(?:advertising|device) (?:id|identifiers?)|ad id|ip address\w*|cookies?",
    "data:ai interactions": r"interactions? with (?:our )?(?:ai|artificial intelligence)\b|prompts?",
    # what for
    "purpose:advertising": r"ads|advertis\w+|marketing",
    "purpose:training": r"train\w*|(?:machine learning|ai) models?|language models?",
    "purpose:sale": r"sell|sold|sale|monetiz\w*|monetis\w*",  # monetising data is selling it (unseen5)
}
_PATTERNS = {label: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) for label, pattern in _REACH.items()}


@lru_cache(maxsize=1 << 15)    # by text: a whole version's clauses are read again for every change
def reach(text: str) -> frozenset[str]:
    """The recipients, kinds of data and purposes a clause names."""
    return frozenset(label for label, pattern in _PATTERNS.items() if pattern.search(text))


def new_reach(added: str, others: Iterable[str]) -> frozenset[str]:
    """What the added clause reaches that none of ``others`` (the clauses it is compared with)
    names: empty when every recipient, kind of data and purpose it names was named before."""
    before: set[str] = set()
    for other in others:
        before |= reach(other)
    return reach(added) - before


# A list of kinds of data replaced by a reference to all of them ("We may share each of the
# categories of information described in the 'Information We Collect' section with our service
# providers", unseen23 Starbucks): the clause reaches every kind the text names, not none.
_EVERY_KIND = re.compile(r"\b(?:each|all|any|every)(?: one)? of the (?:(?:above|aforementioned|listed)\s+)?"
                         r"(?:categories|types|kinds) of (?:your )?(?:personal )?(?:information|data)\b", re.IGNORECASE)


def names_every_kind(text: str) -> bool:
    """Whether a clause speaks of every kind of data the text lists, by reference.

    >>> names_every_kind("We may share each of the categories of information described above with partners.")
    True
    >>> names_every_kind("We may share your contact information with partners.")
    False
    """
    return bool(_EVERY_KIND.search(text))
