"""A text that describes is not a text that changes what the service may do (issue 13,
engineer describe): a harm added in words that give its object or purpose as what the document
itself describes ("as described in section 3", "for the purposes described in this notice")
restates a practice the old text already subjects the user to, while one that reaches a new
recipient, kind of data or purpose stays worse; and a practice added that waits on the user's
own choice ("if you choose to turn on ...", "with your consent") is imposed on no one, its
feature's own promises gaining nothing either, while the same practice done to every user stays
worse."""

from __future__ import annotations

import pytest

from monitor.classify import load_classifier

from clause_readings import assessed_paragraphs as assessed


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


POLICY = [
    "Privacy notice of the Example Trail app.",
    "We collect your name, your email address and the routes you record when you use the app.",
    "We share your personal information with service providers and business partners who help us run the app, "
    "under contracts that oblige them to protect it.",
    "We keep your routes while your account is open.",
]


def with_sentence(sentence: str) -> list[str]:
    return POLICY[:3] + [sentence] + POLICY[3:]


def test_a_practice_given_as_the_documents_own_description_is_restated(classifier):
    change = assessed(POLICY, with_sentence(
        "When you use our website, we collect the same types of information as described in this notice."),
        classifier)
    assert change.direction == "neutral"


def test_a_pointer_to_the_document_does_not_cover_a_new_recipient(classifier):
    change = assessed(POLICY, with_sentence(
        "When you use our website, we collect the same types of information as described in this notice, and "
        "your precise location."), classifier)
    assert change.direction == "worse"
    assert "data_collection" in change.categories or "sensitive_data" in change.categories


def test_a_practice_that_waits_on_the_users_choice_is_imposed_on_no_one(classifier):
    change = assessed(POLICY, with_sentence(
        "If you choose to turn on live tracking, the app collects the precise location of your device and "
        "sends it to the friends you pick; it is never sent to us."), classifier)
    assert change.direction == "neutral"


def test_the_same_practice_done_to_every_user_stays_worse(classifier):
    change = assessed(POLICY, with_sentence(
        "The app collects the precise location of your device and sends it to the friends you pick."),
        classifier)
    assert change.direction == "worse"

