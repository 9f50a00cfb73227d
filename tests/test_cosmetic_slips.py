"""Issue 13: small slips in a clause that change no term stay cosmetic; near misses stay terms.

Rules in docs/diff.md ("Materiality"). Each is pinned on our own wording, with guard cases
where the same shape of edit changes a term (a dropped "not", "without your consent",
"only", a number of days, a recipient, "may" -> "will"): those stay substantive.
"""

from __future__ import annotations

import pytest

from monitor.diff import compare

INTRO = "# Privacy Policy\n\nThis policy explains what Examplegram does with your information.\n\n"
OUTRO = "\n\nQuestions? Write to us through the help centre."


def _doc(*paragraphs: str) -> str:
    return INTRO + "\n\n".join(paragraphs) + OUTRO


def _hunks(old: str, new: str):
    change = compare(_doc(old), _doc(new))
    return change, [(h.kind, h.reason, h.substantive) for h in change.hunks]


# -- providing the service, said or no longer said beside another purpose --------------------

@pytest.mark.parametrize("old, new", [
    ("We hire contractors who help us provide and improve the Examplegram Services.",
     "We hire contractors who help us and improve the Examplegram Services."),
    ("We use your settings to provide and personalise our Products.",
     "We use your settings to personalise our Products."),
    ("We use your settings to personalise and operate our app.",
     "We use your settings to personalise our app."),
    ("We use your settings to personalise our Services.",
     "We use your settings to deliver and personalise our Services."),
])
def test_providing_the_service_said_or_unsaid_beside_another_purpose_is_cosmetic(old, new):
    change, hunks = _hunks(old, new)
    assert hunks == [("modified", "spelling", False)]
    assert not change.substantive


def test_a_real_partner_clause_that_lost_provide_is_cosmetic():
    # Facebook's Data Policy, 2021: "provide" dropped from the partners' description by mistake
    change, hunks = _hunks(
        "We work with third-party partners who help us provide and improve our Products or who use Facebook "
        "Business Tools to grow their businesses, which makes it possible to operate our companies and provide "
        "free services to people around the world.",
        "We work with third-party partners who help us and improve our Products or who use Facebook Business "
        "tools to grow their businesses, which makes it possible to operate our companies and provide free "
        "services to people around the world.")
    assert hunks == [("modified", "spelling", False)]


@pytest.mark.parametrize("old, new", [
    # "provide" of data, not of the service: a promise not to hand data over is lost
    ("We do not provide or sell your contacts to advertisers.", "We do not sell your contacts to advertisers."),
    # the other purpose changed too
    ("We use your settings to provide and improve our Services.", "We use your settings to market our Services."),
    ("We use your settings to provide and improve our Services.", "We use your settings to provide our Services."),
    # the usual near misses beside the dropped verb
    ("We do not use your messages to provide and improve our Services.",
     "We use your messages to improve our Services."),
    ("We use your messages, with your consent, to provide and improve our Services.",
     "We use your messages to improve our Services."),
    ("We only use your messages to provide and improve our Services.",
     "We use your messages to improve our Services."),
    ("We keep your messages for 30 days to provide and improve our Services.",
     "We keep your messages for 90 days to improve our Services."),
    ("Our vendors may use your messages to provide and improve our Services.",
     "Our advertisers will use your messages to improve our Services."),
    # providing the service as the only purpose left, then none: no other verb stays
    ("We use your messages to provide our Services.", "We use your messages for our Services."),
])
def test_a_dropped_provide_beside_a_change_of_terms_is_still_a_term(old, new):
    change, hunks = _hunks(old, new)
    assert change.substantive, hunks
