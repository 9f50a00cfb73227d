"""What a promise covers: the recipients, kinds of data and purposes it names (issue 13).

A promise that stays but now covers more is a gain, one that covers less a loss: "we do not
use your religious views for ads" → "we do not use sensitive information for ads" now protects
every sensitive kind of data, and "we do not share your data with advertisers or data brokers"
→ "... with advertisers" no longer protects against brokers. What a promise names is read as a
harm's reach is (:mod:`.reach`); a class of data named as sensitive or specially protected
covers the kinds the law lists as special (beliefs, health, biometrics), so naming the class
where the old text named a few of its items covers more, and the reverse covers less.

>>> sorted(promise_coverage(["We will not use information with special protections to show you ads."]))
['data:beliefs', 'data:biometric', 'data:health', 'purpose:advertising']
>>> covers_more(["We don't use your religious views to show you ads."],
...             ["We don't use sensitive data, such as your health or religious views, to show you ads."])
True
>>> covers_more(["We make money from the sale of goods, not from selling your data to third parties."],
...             ["We don't make money from selling your data to third parties."], "data_sale")
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .reach import reach
from .rules.base import without_control_names

# A class of data named as sensitive or specially protected, and the kinds it covers: the
# special categories every data-protection law lists (beliefs and origin, health, biometrics).
_SENSITIVE_CLASS = re.compile(
    r"\b(?:sensitive\s+(?:personal\s+)?(?:data|information)|special\s+categor(?:y|ies)|"
    r"(?:data|information)\s+with\s+special\s+protections?|specially\s+protected)\b", re.IGNORECASE)
SENSITIVE_KINDS = frozenset({"data:beliefs", "data:health", "data:biometric"})
# The purpose a promise of a category is about ("we do not sell ..." is a data_sale promise):
# naming it or not changes nothing it covers, and a sale of goods in the same sentence ("we make
# money from the sale of goods, not from selling your data") is no purpose of the promise.
_OWN_PURPOSE = {"data_sale": "purpose:sale", "advertising": "purpose:advertising", "ai_training": "purpose:training"}


def promise_coverage(texts: Iterable[str], category_id: str | None = None) -> frozenset[str]:
    """The recipients, kinds of data and purposes the promises in ``texts`` (of the category
    ``category_id``) name, but the purpose the category is about."""
    covered: set[str] = set()
    for text in texts:
        # a control's name ("the “Do Not Sell or Share My Personal Information” link") covers
        # nothing: the link renamed "Your Privacy Choices" promises no less (session 29)
        text = without_control_names(text)
        covered |= reach(text)
        if _SENSITIVE_CLASS.search(text):
            covered |= SENSITIVE_KINDS
    return frozenset(covered) - {_OWN_PURPOSE.get(category_id)}


def covers_more(old: Iterable[str], new: Iterable[str], category_id: str | None = None) -> bool:
    """Whether the new promises cover all the old ones did and more."""
    return promise_coverage(new, category_id) > promise_coverage(old, category_id)
