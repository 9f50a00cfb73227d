"""Transparent rules for the privacy and platform categories, for plain wording of two
UNFAIR-ToS categories that the model under-detects, and for warranty disclaimers.

Each :class:`Rule` says, for one category: the words that show it (``pattern``; what it
matches is the evidence a reader sees highlighted), what must also be in the clause
(``requires``), what rules it out (``excludes``), and whether a match *imposes* the harm
(``polarity="harm"``) or *protects* the user from it (``"protection"``).

A negation just before or inside the match, in the same part of the sentence ("we do
**not** sell your personal information", "you **cannot** delete"), flips the polarity,
unless the rule says its words are already negative (a class-action waiver is written as "you may **not**
bring a class action"). A harm that the user can switch off ("you can **opt out of**
personalised ads") is not a harm hit; the right to opt out is a ``user_rights`` protection.
Who acts and what a negation governs (a prohibition on the user, a denial listing several
acts, a negation that negates nothing) are read by :mod:`.polarity`.

Every category here is tested on real sentences from the Open Terms Archive corpus and on
benign ones (``tests/test_classify_rules.py``), and measured against ToS;DR quotes of
held-out services by ``scripts/train_privacy.py`` (which decides, per category, whether
the privacy topic model gates them, adds to them, or leaves them alone).

>>> [(h.category, h.polarity, h.text) for h in find_rule_hits("We may sell your personal information to data brokers.")]
[('data_sale', 'harm', 'sell your personal information')]
>>> [(h.category, h.polarity) for h in find_rule_hits("We do not sell your personal information.")]
[('data_sale', 'protection')]
"""

# The rules live by family (contract.py, privacy.py, rights.py, neutral.py, recall.py for
# the readings of the category-recall round, promises.py for promises not to use data for ads,
# references.py for titles, announcements and notices that state nothing, ai_development.py)
# and are run by matching.py; these names stay
# importable from here.
from .base import FLAGS, Rule, RuleHit, mentions_negation
from .contract import CONTRACT_RULES
from .matching import RULES, find_rule_hits, parts_past_neutral_readings, words_past_neutral_readings
from .neutral import NEUTRAL_READINGS
from .privacy import GOVERNMENT_ACCESS_RULES, PRIVACY_RULES
from .rights import USER_RIGHTS_RULES

__all__ = ["CONTRACT_RULES", "FLAGS", "GOVERNMENT_ACCESS_RULES", "NEUTRAL_READINGS", "PRIVACY_RULES", "RULES",
           "USER_RIGHTS_RULES", "Rule", "RuleHit", "find_rule_hits", "parts_past_neutral_readings",
           "words_past_neutral_readings", "mentions_negation"]
