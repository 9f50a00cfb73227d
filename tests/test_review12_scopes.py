"""Review 12 (`fix12`): counter-examples to the scope of the neutral readings, the notice of a
coming change, the will→may rule and the single-category readings. Each case is the reviewer's
sentence plus a variant of our own wording, assessed through the real diff and the shipped
classifier (`assess_change(compare(old, new)...)`)."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.diff import compare

INTRO = "This privacy policy explains how Example handles information about the people who use the Example app."
CLOSING = "You can write to our privacy team with any question about this policy."
PLAIN = "You can contact support with questions."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def assessed(old: str, new: str, classifier):
    old, new = f"{INTRO}\n\n{old}\n\n{CLOSING}", f"{INTRO}\n\n{new}\n\n{CLOSING}"
    return assess_change(compare(old, new).to_json()["hunks"], old, new, classifier=classifier)


# --- a neutral reading ends where another party's act begins (items 1, 2, 7) -------------------

@pytest.mark.parametrize("sentence", [
    "You can appeal a suspension through the help centre, but Example may terminate your account at any time "
    "for any reason without notice.",
    "You may appeal our decision, though we may terminate your account at any time without notice.",
    "You may ask for a review of our decision, although Acme reserves the right to terminate your account "
    "at any time without notice.",
    "You may delete your account at any time, and the Company may terminate your access for any reason without notice.",
    "You may close your account at any time, and Example may also suspend or terminate it at any time without notice.",
    "You can cancel your membership whenever you like, whereas the service can terminate your account at any time "
    "without notice.",
])
def test_a_termination_power_after_the_users_remedy_or_exit_stays_a_harm(sentence, classifier):
    a = assessed(PLAIN, sentence, classifier)
    assert a.direction == "worse" and "unilateral_termination" in a.categories, (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "If you run ads with us, Example may use your personal data to show you targeted ads across other websites.",
    "If you buy advertising on Acme, Acme will use your browsing history to show you personalised ads.",
])
def test_the_services_targeting_after_the_user_as_advertiser_stays_advertising(sentence, classifier):
    a = assessed(PLAIN, sentence, classifier)
    assert a.direction == "worse" and "advertising" in a.categories, (a.direction, a.categories)


# --- the burden-of-proof reading ends before a cap that follows (item 6) ------------------------

@pytest.mark.parametrize("sentence", [
    "You are liable for all charges on your account unless you prove that you are not responsible for them, "
    "and in no event will Example be liable for more than $10.",
    "Example remains liable unless it proves that it is not responsible for the damage, but under no circumstances "
    "will Example be liable for more than the fees you paid in the last month.",
])
def test_a_cap_after_the_burden_of_proof_stays_a_limitation(sentence, classifier):
    a = assessed(PLAIN, sentence, classifier)
    assert a.direction == "worse" and "limitation_of_liability" in a.categories, (a.direction, a.categories)
