"""A commitment to the user that becomes a mere possibility.

"We will attempt to give you notice before we disclose your data" binds the service; "we
may attempt to ..." leaves it free. A consumer lawyer reads the same clause with "will"
(or "shall", "must") turned into "may" (or "might", "can", "could") as a promise taken back,
when what the service commits to is done *for the user*: notifying, informing, asking or
giving them something. The clause keeps its categories (the rules read a notice before a
disclosure to the authorities as `government_access`), so the loss is in those; a clause of
no category is a loss in `user_rights`.

A harm worded the same way ("we will share" → "we may share") is no commitment to the user
and is left to the usual comparison.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The service's firm word, then its loose one.
_FIRM = r"(?:will|shall|must|are going to|commit to|undertake to)"
_LOOSE = r"(?:may|might|can|could|may choose to|may decide to|will try to|may try to)"
# What the service does for the user: tell them, ask for their say, or give them something that
# serves them (a notice, a copy, a choice, a refund). Not a burden ("ask you to pay a fee"), not
# a harm ("send you marketing emails"), and not the users' data given away ("give users'
# information to partners").
_THE_USER = r"(?:you|users?|members|customers)\b(?!['’])"
_FOR_THE_USER = (r"(?:(?:attempt|try|endeavou?r|seek|make (?:reasonable |every )?efforts?) to )?"
                 rf"(?:(?:notify|inform|tell|warn|alert|consult) {_THE_USER}"
                 rf"|ask {_THE_USER} (?:for|whether|if|before|about)\b"
                 rf"|(?:give|provide|send|offer) {_THE_USER} (?:[\w-]+ ){{0,3}}?"
                 r"(?:notices?|notifications?|copy|copies|choices?|options?|refunds?|information about|access|"
                 r"opportunit(?:y|ies)|chance|warnings?|reasons?|explanations?|updates?|a say)\b"
                 rf"|let {_THE_USER} (?:know|choose|decide|opt|review|access|download|delete|object|see|correct)\b)")
_SUBJECT = r"\b(?:we|[A-Z][\w&.-]*)"


def _modal_span(text: str, modal: str) -> re.Match | None:
    return re.search(rf"{_SUBJECT} (?P<modal>{modal}) (?={_FOR_THE_USER})", text)


def _without_modal(text: str, match: re.Match) -> str:
    rest = text[:match.start("modal")] + text[match.end("modal"):]
    return " ".join(re.findall(r"\w+", rest.lower()))


def commitment_loosened(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with the service's commitment to do something for the user
    turned from "will" into "may" (the rest of the clause the same).

    >>> commitment_loosened("Where feasible, we will attempt to notify you before we disclose your data.",
    ...                     "Where feasible, we may attempt to notify you before we disclose your data.")
    True
    >>> commitment_loosened("We will share your data with partners.", "We may share your data with partners.")
    False
    >>> commitment_loosened("We may notify you of changes.", "We will notify you of changes.")
    False
    """
    firm, loose = _modal_span(old, _FIRM), _modal_span(new, _LOOSE)
    return bool(firm and loose) and _without_modal(old, firm) == _without_modal(new, loose)


def loosened_commitments(taxonomy, old_results: list, new_results: list, decided: dict,
                         severity: Callable[[float, int, bool], int]) -> dict[str, dict]:
    """The decisions of one hunk for its commitments loosened (`commitment_loosened`): a loss in
    each category the new clause reads as (else in `user_rights`) that nothing else in the hunk
    (``decided``) decided. ``severity``: the assessment's scale (weight, scope words, narrowed)."""
    found: dict[str, dict] = {}
    for new in new_results:
        if not any(commitment_loosened(old.text, new.text) for old in old_results):
            continue
        for category_id in sorted(set(new.labels) | set(new.protections)) or ["user_rights"]:
            if category_id not in decided and category_id not in found:
                found[category_id] = {"direction": "worse", "why": "protection weakened", "side": "new", "clauses": [new],
                                      "severity": severity(taxonomy.get(category_id).weight, 0, False),
                                      "confidence": 0.6}
    return found
