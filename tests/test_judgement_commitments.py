"""A commitment to the user that becomes a possibility: "we will attempt to notify you before
we disclose your data to the authorities" turned into "we may attempt to ..." is a promise
taken back (worse, in the category the clause reads as). Guards: a harm worded "will" →
"may" ("we will share" → "we may share") is no commitment to the user, and "may" → "will" is
no loss. Whole texts of our own wording, diffed by `monitor.diff.compare` and assessed by
`assess_change`."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.diff import compare

INTRO = "This privacy policy explains how Example handles information about the people who use the Example app."
LEGAL = ("We may disclose your information to law enforcement agencies when we believe the law requires it.")
CLOSING = "You can write to our privacy team with any question about this policy."
FIRM = "Where the law allows it, we will attempt to notify you before we disclose your information to the authorities."
LOOSE = "Where the law allows it, we may attempt to notify you before we disclose your information to the authorities."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def assessed(old_clause: str, new_clause: str, classifier):
    old, new = (f"{INTRO}\n\n{LEGAL} {clause}\n\n{CLOSING}" for clause in (old_clause, new_clause))
    return assess_change(compare(old, new).to_json()["hunks"], old, new, classifier=classifier)


def test_a_promise_of_notice_turned_from_will_into_may_is_taken_back(classifier):
    a = assessed(FIRM, LOOSE, classifier)
    assert a.direction == "worse"
    assert a.categories == ["government_access"]


def test_may_turned_into_will_is_no_loss(classifier):
    assert assessed(LOOSE, FIRM, classifier).direction != "worse"


def test_a_harm_turned_from_will_into_may_is_no_commitment_taken_back(classifier):
    a = assessed("We will share your usage data with our analytics partners.",
                 "We may share your usage data with our analytics partners.", classifier)
    assert a.direction != "worse"
