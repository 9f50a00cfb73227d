"""A harm removed is still stated elsewhere only if the new text still reaches what it
reached: "we collect" said of other data does not keep "we collect a government
identification number". Guard: the same kind of data still collected elsewhere keeps the
harm (no gain). Whole texts of our own wording, diffed by `monitor.diff.compare` and assessed by
`assess_change`."""

from __future__ import annotations

import pytest

from monitor.classify import load_classifier

from clause_readings import assessed_paragraphs as assessed

INTRO = "This privacy policy explains how Example handles information about the people who use the Example shop."
ACCOUNT = "We collect your name, email address and delivery address when you create an account."
PASSPORT = "In some countries we collect your passport number for purposes such as customs checks."
CLOSING = "You can write to our privacy team with any question about this policy."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def test_a_kind_of_data_no_longer_collected_is_a_gain_though_other_data_still_is(classifier):
    a = assessed([INTRO, ACCOUNT, PASSPORT, CLOSING], [INTRO, ACCOUNT, CLOSING], classifier)
    assert (a.direction, a.categories) == ("better", ["data_collection"])


def test_the_same_kind_of_data_still_collected_elsewhere_is_no_gain(classifier):
    still = "We collect a scan of your passport when you ask for delivery abroad."
    a = assessed([INTRO, ACCOUNT, still, PASSPORT, CLOSING], [INTRO, ACCOUNT, still, CLOSING], classifier)
    assert a.direction == "neutral"
