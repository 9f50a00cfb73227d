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


def test_a_kind_of_data_no_longer_collected_is_read_as_a_cut_though_other_data_still_is(classifier):
    a = assessed([INTRO, ACCOUNT, PASSPORT, CLOSING], [INTRO, ACCOUNT, CLOSING], classifier)
    assert ("data_collection", "better") in {(c["category"], c["direction"]) for h in a.hunks for c in h["changes"]}
    # ... a cut of no grave kind, and nothing else: no gain by itself (session 27, balance._only_cuts)
    assert a.direction == "neutral"


def test_the_same_kind_of_data_still_collected_elsewhere_is_no_gain(classifier):
    still = "We collect a scan of your passport when you ask for delivery abroad."
    a = assessed([INTRO, ACCOUNT, still, PASSPORT, CLOSING], [INTRO, ACCOUNT, still, CLOSING], classifier)
    assert a.direction == "neutral"
    assert not any(c["category"] == "data_collection" for h in a.hunks for c in h["changes"])
