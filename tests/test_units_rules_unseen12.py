"""Readings from a pass over services outside the gold set (issue 13, `unseen12`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped rules and classifier, with guards (the plain harm keeps its reading) and the
change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change
from monitor.classify.clauses import load_classifier


def read(sentence: str):
    return load_classifier().classify([sentence])[0]


def hunk(kind, old="", new="", section="Privacy"):
    return {"kind": kind, "section": section, "old": old, "new": new, "substantive": True}


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

