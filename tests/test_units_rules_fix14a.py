"""Wrong answers of the review of int14 fixed by `fix14a` (issue 13): each the reviewer's
sentence and one of our own wording, through the shipped rules and classifier."""

from __future__ import annotations

from functools import partial

import pytest

from monitor.classify import assess_change

from clause_readings import hunk as section_hunk  # tests/clause_readings.py

hunk = partial(section_hunk, section="Privacy")  # these readings stand in a privacy policy


def added(sentence):
    return assess_change([hunk("added", new=sentence)], old_text="", new_text=sentence)


@pytest.mark.parametrize("sentence, category", [
    # 1, 2: a negation inside a condition closed by its comma denies nothing after it
    ("If you have not used the app in 30 days, we may sell your usage history to data brokers.", "data_sale"),
    ("If you have not used our services for a year, we may disclose your profile to our marketing partners.",
     "data_sharing"),
    ("If you do not engage with our ads, we may share your contact details with our marketing partners.",
     "data_sharing"),
    ("If you do not engage with our emails, we may share your email address with advertising partners.",
     "data_sharing"),
    # 3: a right's reading stops at ";" and at ", however, we"
    ("You have the right to opt out of the sale of your data; however, we share your data with advertisers for "
     "cross-context behavioral advertising.", "advertising"),
    ("You have the right to opt out of the sale of your data, however, we share your data with advertisers for "
     "cross-context behavioral advertising.", "advertising"),
    # 12: the service's reserved right is no user's right
    ("We reserve the right to access your device's location and to share information about which stores you "
     "visit with our advertising partners.", "advertising"),
    ("We have the right to access your contacts and to share which apps you use with our advertising partners.",
     "advertising"),
    # 7: a note of an edit only with an editing verb after "to"
    ("We have updated our Terms of Service to permit us to use your content to train our AI models.", "ai_training"),
    ("We have revised this Privacy Policy to enable us to sell your personal information to data brokers.",
     "data_sale"),
    # 6: an opening that states a practice is no pointer
    ("For California residents, we sell your personal information to data brokers, see section 9.", "data_sale"),
    ("For analytics and advertising, we share your browsing history and device identifiers with Google and Meta, "
     "see their privacy policies.", "data_sharing"),
])
def test_the_practice_keeps_its_harm(sentence, category):
    a = added(sentence)
    assert a.direction == "worse" and category in a.categories, (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "We do not sell your personal information.",
    "We have not sold your personal information in the past 12 months.",
    "We do not, now or in the past, engage in selling personal information.",
])
def test_a_denial_outside_a_condition_still_protects(sentence):
    assert added(sentence).direction != "worse"


@pytest.mark.parametrize("sentence", [
    "We have updated our Privacy Policy to clarify how we use cookies.",
    "You have the right to know which categories of personal information we sell.",
    "To learn more about how we use cookies, see our Cookie Policy.",
])
def test_the_neutral_readings_still_hold(sentence):
    assert added(sentence).direction != "worse"


@pytest.mark.parametrize("old, new, direction", [
    # 10: "now" without a naming verb renames nothing
    ("We share your personal information with our service providers.",
     "We share your personal information with our service providers (now including data brokers).", "worse"),
    ("We share your personal information with our service providers.",
     "We share your personal information with our service providers (now also data brokers).", "worse"),
    ("We share your personal information with Acme Inc.",
     "We share your personal information with Beta Corp (now known as Acme Inc.).", "neutral"),
])
def test_now_renames_only_with_its_naming_verb(old, new, direction):
    a = assess_change([hunk("modified", old, new)], old_text=old, new_text=new)
    assert a.direction == direction, (a.direction, a.categories)
