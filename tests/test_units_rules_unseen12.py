"""Readings from a pass over services outside the gold set (issue 13, `unseen12`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped rules and classifier, with guards (the plain harm keeps its reading) and the
change-level outcome it is for."""

from __future__ import annotations

from functools import partial

import pytest

from monitor.classify import assess_change

from clause_readings import read, hunk as section_hunk  # tests/clause_readings.py

hunk = partial(section_hunk, section="Privacy")  # these readings stand in a privacy policy


# --- a negation reaches its verb across an aside, and "engage in" denies what it lists -----------

DENIALS_ACROSS_AN_ASIDE = [
    ("We do not, and never will, sell the personal data of our members.", "data_sale"),
    ("Our company does not, now or at any earlier time, engage in renting or selling personal information.",
     "data_sale"),
    ("The app does not currently engage in cross-context behavioural advertising, data sales or profiling.",
     "tracking"),
]


@pytest.mark.parametrize("sentence, category", DENIALS_ACROSS_AN_ASIDE)
def test_a_denial_across_an_aside_is_a_protection(sentence, category):
    result = read(sentence)
    assert category not in result.labels
    assert category in result.protections


STILL_DONE = [
    # the aside's negation is of another act: the sale stated first keeps its reading
    ("We sell personal data to brokers, and we do not, in any case, tell you which ones.", "data_sale"),
    # a denial turned by "but" before the act
    ("We do not, as a rule, use cookies for ads, but we sell personal information to data brokers.", "data_sale"),
]


@pytest.mark.parametrize("sentence, category", STILL_DONE)
def test_the_act_outside_the_denial_stays_a_harm(sentence, category):
    assert category in read(sentence).labels


def test_a_promise_restated_with_an_aside_makes_no_new_sale():
    old = "We are not in the business of selling personal information and never have been."
    new = "We do not, today or in the past, engage in selling personal information."
    change = assess_change([hunk("removed", old=old), hunk("added", new=new)])
    assert change.direction != "worse"


# --- a right whose object names a practice states the right, not the practice ---------------------

RIGHTS_OVER_A_PRACTICE = [
    ("Right to know: to learn the categories of personal data we gather, disclose and sell about you.", "data_sale"),
    ("You have the right to know whether we sold or shared your personal data during the last year.", "data_sale"),
    ("Residents of several states may have a right to opt out of the processing of their data to evaluate "
     "their interests, location or behaviour (\u201cProfiling\u201d).", "tracking"),
]


@pytest.mark.parametrize("sentence, category", RIGHTS_OVER_A_PRACTICE)
def test_a_right_over_a_practice_is_no_harm_of_it(sentence, category):
    assert category not in read(sentence).labels


PRACTICE_BESIDE_A_RIGHT = [
    # the service's own act after the right keeps its reading
    ("You have the right to know which data we gather, and we sell your purchase history to data brokers.",
     "data_sale"),
    ("We sell your personal data to advertising partners.", "data_sale"),
]


@pytest.mark.parametrize("sentence, category", PRACTICE_BESIDE_A_RIGHT)
def test_a_practice_stated_beside_a_right_stays_a_harm(sentence, category):
    assert category in read(sentence).labels


def test_more_states_in_a_right_to_know_make_no_new_sale():
    old = "Residents of California may have the right to know the categories of personal data we disclose."
    new = ("Residents of California and Oregon may have the right to know the categories and specific pieces "
           "of personal data we disclose and sell, and the third parties to whom it is sold.")
    change = assess_change([hunk("modified", old=old, new=new)])
    assert change.direction != "worse"


# --- a practice the service first asks consent for that gains an act did not grow ----------------

ASKED_FIRST_OLD = "Where required, we obtain your consent before placing optional cookies that are not strictly necessary for the site."
ASKED_FIRST_NEW = ("As explained above, where required, we obtain your consent before placing or reading optional "
                   "cookies that are not strictly necessary for the site.")


def test_a_practice_asked_consent_for_that_gains_an_act_did_not_grow():
    change = assess_change([hunk("modified", old=ASKED_FIRST_OLD, new=ASKED_FIRST_NEW, section="Cookies")])
    assert change.direction != "worse"


def test_the_same_growth_without_consent_is_still_worse():
    old = "We place optional cookies that are not strictly necessary for the site."
    new = "As explained above, we place or read optional cookies that are not strictly necessary for the site."
    assert assess_change([hunk("modified", old=old, new=new, section="Cookies")]).direction == "worse"
