"""An announced change that takes effect: clauses published under a notice of a coming change
("On 1 June we will update these terms: ...") bind when the notice goes and they move into the
body. The change that moves them is judged on them, as if added. Guards: clauses that moved
without any notice of a coming change stay a move, and a notice in the past tense ("we have
updated") announces nothing to come. Each case is a real diff (`monitor.diff.compare`) of two
texts of our own wording, assessed by `assess_change`."""

from __future__ import annotations

import pytest

from monitor.classify import load_classifier

from clause_readings import assessed_paragraphs as assessed

BODY = [
    "Welcome to Example Video. These terms govern your use of the Example Video service.",
    "Who may use the service. You must be at least 13 years old to use the service.",
    "Your content. You keep the ownership of the videos you upload to the service.",
    "Acceptable use. You must not upload videos that break the law or the rights of others.",
    "Contact. You can write to our support team with any question about these terms.",
]
LICENCE = [
    "You grant Example the right to earn money from your videos by showing advertisements on them.",
    "These terms do not entitle you to any share of that money.",
]


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def body_with_licence() -> list[str]:
    return BODY[:3] + LICENCE + BODY[3:]


def test_clauses_announced_in_a_notice_bind_when_they_move_into_the_terms(classifier):
    notice = "On 1 June 2031 we will update these terms to explain how we earn money from your videos:"
    a = assessed([notice, *LICENCE, *BODY], body_with_licence(), classifier)
    assert a.direction == "worse"
    assert "content_license" in a.categories or "advertising" in a.categories


def test_clauses_moved_without_a_notice_stay_a_move(classifier):
    a = assessed([*LICENCE, *BODY], body_with_licence(), classifier)
    assert a.direction == "neutral"


def test_a_notice_in_the_past_tense_announces_nothing_to_come(classifier):
    notice = "On 1 June 2031 we have updated these terms to explain how we earn money from your videos:"
    a = assessed([notice, *LICENCE, *BODY], body_with_licence(), classifier)
    assert a.direction == "neutral"
