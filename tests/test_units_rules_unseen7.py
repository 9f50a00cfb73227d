"""Readings from a third pass over services outside the gold set (issue 13, `unseen7`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped rules and classifier, with guards (the plain harm keeps its reading) and the
change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change
from monitor.classify.rules import RULES, find_rule_hits

from clause_readings import read, hunk as _hunk


def hunk(kind, old="", new=""):
    return _hunk(kind, old, new, section="Privacy")


def sharing_hits(sentence: str):
    return [h for h in find_rule_hits(sentence, RULES) if h.category == "data_sharing"]


# --- a share verb and a recipient in different items of a list state no sharing -----------------

# Lists of features or activities: the verb belongs to one item, the recipient to another.
LISTS_OF_ACTIVITIES = [
    "Some features are optional, such as syncing your calendar, providing a voice sample, "
    "weekly digests, or connecting to a third-party fitness tracker.",
    "Optional extras include disclosing your city on your profile, offline maps, "
    "and logging in through a third-party account.",
    "We rely on your explicit consent to process your Personal Data for certain optional features "
    "that may interest you, such as importing your contacts, providing face scans, interest-based "
    "ads, or connecting to a third-party platform.",
]


@pytest.mark.parametrize("sentence", LISTS_OF_ACTIVITIES)
def test_a_share_verb_and_a_recipient_in_different_list_items_are_no_sharing(sentence):
    assert sharing_hits(sentence) == []
    assert "data_sharing" not in read(sentence).labels


def test_one_more_item_in_a_list_of_consented_features_is_not_better():
    # The old list was short enough for the verb-to-recipient window to reach across its items;
    # one more item pushed the recipient out of reach, and sharing seemed to end.
    old = LISTS_OF_ACTIVITIES[2]
    new = old.replace("interest-based ads, or", "interest-based ads, linking your email account so "
                      "that we can find your parcel deliveries or")
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction != "better", (a.direction, a.categories)
    assert "data_sharing" not in a.categories


@pytest.mark.parametrize("sentence", [
    # one item, verb and recipient together
    "We share your purchase history with advertising partners.",
    # a list inside the shared data does not cut the verb from its recipient
    "We may disclose your name, email address, and order details to third parties.",
    "We share information, including your device identifiers, with our service providers.",
    "We share your data, including information about your orders, with our affiliates.",
    # the recipients themselves listed
    "We disclose your data to payment processors, delivery companies, and other third parties.",
    # a list item that is itself the sharing
    "We use your data for fraud checks, improving our services, and sharing with advertising partners.",
])
def test_sharing_within_one_list_item_stays_sharing(sentence):
    assert sharing_hits(sentence), sentence


def test_new_sharing_stays_worse():
    s = "We share your purchase history and your location with our advertising partners."
    a = assess_change([hunk("added", new=s)])
    assert a.direction == "worse" and "data_sharing" in a.categories, (a.direction, a.categories)


# --- a note that the document itself was edited states no practice ------------------------------

NOTES_OF_EDITS = [
    "We have added information about the data we process when members choose personalised ads.",
    "We've updated language relating to the information we collect and share for security purposes.",
    "We clarified the section describing how long account records are retained.",
]


@pytest.mark.parametrize("sentence", NOTES_OF_EDITS)
def test_a_note_of_an_edit_to_the_document_is_no_practice(sentence):
    result = read(sentence)
    assert not {"advertising", "data_collection", "data_sharing", "data_retention"} & set(result.labels), \
        result.labels


def test_a_summary_of_changes_removed_is_not_better():
    removed = [hunk("removed", old=s) for s in NOTES_OF_EDITS]
    a = assess_change(removed)
    assert a.direction == "neutral", (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    # the practice itself, in the past tense of a change
    "We have added information about you from data brokers to your advertising profile.",
    "We have updated our practices and now share your purchase history with advertising partners.",
    # a note of an edit followed by the service's own act keeps the act
    "We have added a section about personalised ads, and we may now share your contacts with advertising partners.",
])
def test_a_practice_beside_a_note_of_an_edit_keeps_its_reading(sentence):
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "worse", (a.direction, a.categories)


# --- a harm clause that gained only a purpose of complying with the law did not grow -------------

GOVERNMENT_CLAUSE = ("We use your information to meet applicable laws, and we disclose it in response to "
                     "subpoenas or binding requests from public authorities, including the police.")


@pytest.mark.parametrize("new", [
    GOVERNMENT_CLAUSE.replace("applicable laws,", "applicable laws, including to show our compliance,"),
    GOVERNMENT_CLAUSE.replace("the police.", "the police, in order to fulfil our legal obligations."),
])
def test_a_compliance_purpose_added_is_no_growth(new):
    a = assess_change([hunk("modified", old=GOVERNMENT_CLAUSE, new=new)])
    assert a.direction != "worse", (a.direction, a.categories)


@pytest.mark.parametrize("new", [
    # a new recipient or a new use is growth, compliance words or not
    GOVERNMENT_CLAUSE.replace("the police.", "the police, tax offices and immigration services."),
    GOVERNMENT_CLAUSE.replace("the police.", "the police, and we share it with foreign intelligence agencies "
                              "to comply with their laws."),
])
def test_a_clause_that_reaches_further_still_grew(new):
    a = assess_change([hunk("modified", old=GOVERNMENT_CLAUSE, new=new)])
    assert a.direction == "worse", (a.direction, a.categories)


# --- a promise to ask consent before any new use of the user's data is a protection -------------

CONSENT_BEFORE_NEW_USE = [
    "We will ask for your consent before using your personal information for a purpose not set out in this notice.",
    "We'll seek your explicit consent before processing your data for any new purpose.",
]


@pytest.mark.parametrize("sentence", CONSENT_BEFORE_NEW_USE)
def test_consent_before_a_new_use_is_a_protection(sentence):
    assert "user_rights" in read(sentence).protections
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "better", (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "We will not ask for your consent before using your personal information for other purposes.",
    "We may use your information for new purposes without asking for your consent.",
])
def test_no_consent_before_a_new_use_is_no_protection(sentence):
    assert "user_rights" not in read(sentence).protections
    assert assess_change([hunk("added", new=sentence)]).direction != "better"


# --- a practice resting on the user's consent that gains features to agree to did not grow -------

CONSENTED_FEATURES = ("With your explicit consent we use your data for optional features, such as importing "
                      "contacts, interest-based ads, or voice commands.")


def test_more_features_to_consent_to_is_no_growth():
    new = CONSENTED_FEATURES.replace("or voice commands", "scanning receipts for loyalty points or voice commands")
    a = assess_change([hunk("modified", old=CONSENTED_FEATURES, new=new)])
    assert a.direction != "worse", (a.direction, a.categories)


def test_a_practice_without_consent_that_gains_purposes_still_grew():
    old = "We use your data for interest-based ads, such as importing contacts or voice commands."
    new = old.replace("or voice commands", "scanning receipts for loyalty points or voice commands")
    before = assess_change([hunk("modified", old=old, new=new)])
    assert before.direction == "worse", (before.direction, before.categories)
