"""Readings from an eleventh pass over services outside the gold set (issue 13, `unseen11`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped rules and classifier, with guards (the plain harm keeps its reading) and the
change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change

from clause_readings import read, hunk  # tests/clause_readings.py


# --- a sentence that only sends the reader elsewhere states no practice -------------------------

POINTERS = [
    "For Example Corp’s approach to requests from police and courts for user information, please see "
    "Law Enforcement Requests.",
    "* We explain how Example keeps your data in How Long Example Keeps Data We Collect.",
    "For more information on the other ways we collect and use data about you, please see our Privacy Notice.",
    "Please refer to our Cookie Notice for more information about the cookies we use on the site.",
    "To learn more about how our partners use data when you visit their apps, visit this help page.",
]


@pytest.mark.parametrize("sentence", POINTERS)
def test_a_pointer_states_no_practice(sentence):
    result = read(sentence)
    assert not result.labels, result.labels


STATEMENTS_BESIDE_A_POINTER = [
    # an example of the practice is the practice, whatever pointer follows it
    "For example, we may share your location history with advertising partners, see below.",
    # a subject with its modal verb in the opening states something
    "For users in Canada, we may sell your browsing history to data brokers, see section 9.",
    # past the pointer, another party's act keeps its reading
    "For details, see section 3, and we may share your contact list with advertising partners.",
]


@pytest.mark.parametrize("sentence", STATEMENTS_BESIDE_A_POINTER)
def test_a_practice_stated_beside_a_pointer_keeps_its_reading(sentence):
    assert {"data_sharing", "data_sale"} & set(read(sentence).labels)


def test_a_pointer_added_is_no_change():
    sentence = POINTERS[0]
    assessment = assess_change([hunk("added", "", sentence, "Privacy")], old_text="", new_text=sentence)
    assert assessment.direction == "neutral"
    assert not assessment.categories


def test_a_practice_added_with_its_pointer_is_still_worse():
    sentence = ("We share your precise location with insurance companies. For more details, please see "
                "Sharing With Partners.")
    assessment = assess_change([hunk("added", "", sentence, "Privacy")], old_text="", new_text=sentence)
    assert assessment.direction == "worse"


# --- a clause naming no law, court or dispute chooses neither -----------------------------------

PROVIDER_NAMED = [
    "If no Example Media Entity is specified to be the provider in respect of a specific Service, the "
    "Applicable Example Media Entity is Example Inc. (Address: 1 Main Street, Springfield).",
    "For Example Mail, Example News, Example Finance and Example Weather, the Applicable Example Company "
    "is Example Media Inc.",
    "For all other services, the Applicable Example Company is Example (Canada) Corp. (Address: 1 Main "
    "Street, Suite 200, Toronto).",
    "Example Cricket is provided by Example India Private Limited.",
]


@pytest.mark.parametrize("sentence", PROVIDER_NAMED)
def test_naming_who_provides_the_service_chooses_no_law_nor_court(sentence):
    result = read(sentence)
    assert not {"choice_of_law", "jurisdiction"} & set(result.labels)


FORUM_CHOSEN = [
    "These terms are governed by the laws of the State of Delaware.",
    "Any claim against us shall be brought exclusively in the courts located in Ontario, Canada.",
    "You and Example agree to submit to the exclusive jurisdiction of the courts of Singapore.",
]


@pytest.mark.parametrize("sentence", FORUM_CHOSEN)
def test_a_law_or_a_court_chosen_keeps_its_reading(sentence):
    assert {"choice_of_law", "jurisdiction"} & set(read(sentence).labels)


def test_a_provider_clause_removed_is_no_change():
    old = PROVIDER_NAMED[0]
    assessment = assess_change([hunk("removed", old, "")], old_text=old, new_text="")
    assert assessment.direction == "neutral"
    assert not {"choice_of_law", "jurisdiction"} & set(assessment.categories)


# --- a limit cut out with the coordinated part it limited widens nothing that remains -----------

def test_an_opt_in_cut_out_with_its_part_is_no_widening():
    old = ("If you hide your profile, your precise location will still be collected by us for the purposes "
           "of this notice and your ride-sharing profile (if you choose to create one) may be shown to other drivers.")
    new = "If you hide your profile, your precise location will still be collected by us for the purposes of this notice."
    assessment = assess_change([hunk("modified", old, new, "Privacy")], old_text=old, new_text=new)
    assert assessment.direction != "worse"


def test_an_opt_in_dropped_from_what_remains_still_widens():
    old = "We collect your precise location only if you choose to turn on trip sharing."
    new = "We collect your precise location."
    assessment = assess_change([hunk("modified", old, new, "Privacy")], old_text=old, new_text=new)
    assert assessment.direction == "worse"


def test_a_limit_cut_with_a_part_that_is_not_coordinated_still_widens():
    # the cut words are a condition of the sentence itself, not a part joined by "and"
    old = "We share your precise location with insurers if you choose to join the safe-driver programme."
    new = "We share your precise location with insurers."
    assessment = assess_change([hunk("modified", old, new, "Privacy")], old_text=old, new_text=new)
    assert assessment.direction == "worse"


# --- a power over the service that stops naming a recipient did not shrink ----------------------

def test_a_power_to_change_the_service_that_drops_third_party_did_not_shrink():
    old = ("Example reserves the right to alter the service in any way, including changing the third-party "
           "supplier of the service or discontinuing it at any time.")
    new = ("Example reserves the right to alter the service in any way, including changing the supplier of the "
           "service or discontinuing it at any time.")
    assessment = assess_change([hunk("modified", old, new)], old_text=old, new_text=new)
    assert assessment.direction == "neutral"


def test_sharing_that_stops_naming_a_recipient_still_shrinks():
    old = "We may share your purchase history with service providers and advertising partners."
    new = "We may share your purchase history with service providers."
    assessment = assess_change([hunk("modified", old, new, "Privacy")], old_text=old, new_text=new)
    assert assessment.direction == "better"
