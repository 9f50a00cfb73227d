"""A promise to answer users' requests about their data within a stated time is a user right:
the deadline is what the user can hold the service to. Replacing it by "as required by
applicable law" takes the right back (worse, user_rights); adding one gives it (better).
Guards: the same deadline in other words is no change, and a deadline for something other than
the user's data (payments) is no user right. Whole old and new texts of our own wording, diffed
by `monitor.diff.compare` and assessed by `assess_change`."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.diff import compare

BEFORE = ("This privacy policy explains how Example handles the personal data of the people who use the "
          "Example service.")
AFTER = "You can write to our privacy team by post or by email with any question about this policy."
DEADLINE = "We will answer each request about your personal data within 30 days of receiving it."
NO_DEADLINE = "We will answer each request about your personal data as required by applicable law."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def assessed(old_clause: str, new_clause: str, classifier):
    old, new = (f"{BEFORE}\n\n{clause}\n\n{AFTER}" for clause in (old_clause, new_clause))
    return assess_change(compare(old, new).to_json()["hunks"], old, new, classifier=classifier)


def test_a_deadline_for_answering_data_requests_dropped_is_a_right_taken_back(classifier):
    a = assessed(DEADLINE, NO_DEADLINE, classifier)
    assert (a.direction, a.categories) == ("worse", ["user_rights"])


def test_a_deadline_for_answering_data_requests_added_is_a_right_given(classifier):
    a = assessed(NO_DEADLINE, DEADLINE, classifier)
    assert (a.direction, a.categories) == ("better", ["user_rights"])


def test_the_same_deadline_in_other_words_is_no_change(classifier):
    a = assessed(DEADLINE, "We respond to every request about your personal data within 30 days.", classifier)
    assert a.direction == "neutral"


def test_a_deadline_for_payments_is_no_user_right(classifier):
    a = assessed("We process refund requests for your payments within 5 days.",
                 "We process refund requests for your payments as required by applicable law.", classifier)
    assert "user_rights" not in a.categories
