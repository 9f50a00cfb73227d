"""Clause readings of the `readings2` round (issue 13): a denial inside a concessive clause
("While we do not share X, we may share Y") does not cover the main clause, and a licence to
monetize the user's content, or no payment owed for it, is a `content_license` harm. Each
reading: our own sentences that show it, and guards that plain harms and protections keep
their polarity."""

from __future__ import annotations

import pytest

from clause_readings import read, found


@pytest.mark.parametrize("sentence", [
    "Though we do not sell your contact list, we may send your purchase history to marketing partners.",
    "While we never disclose your messages to advertisers, we will share your device identifiers with our partners.",
    "Although we do not rent your address book, we might transfer your usage records to analytics vendors.",
])
def test_a_conceded_denial_does_not_cover_the_main_clause(sentence):
    assert ("data_sharing", "harm") in found(sentence)


@pytest.mark.parametrize("sentence", [
    "While we never disclose your messages to advertisers, we will share your device identifiers with our partners.",
    "Although we do not sell your data, we share your personal information with third parties.",
])
def test_the_classifier_reads_the_main_clause_as_sharing(sentence):
    # (where the topic model sees the topic: its gate decides whether rule hits count)
    assert "data_sharing" in read(sentence).labels


def test_the_conceded_denial_itself_stays_a_protection():
    hits = found("Although we do not sell your personal information, we may disclose it to our affiliates.")
    assert ("data_sale", "protection") in hits
    assert ("data_sharing", "harm") in hits


@pytest.mark.parametrize("sentence", [
    # the denial is in the main clause
    "While you use the app, we do not share your location with third parties.",
    "While we may keep aggregate statistics, we do not share your personal data with advertisers.",
    # the denial is in the concessive clause and the main clause states nothing of the kind
    "While we do not share your data with advertisers, we may use it to improve the app.",
    # a plain denial, and a denial that lists several acts
    "We do not share your personal data with advertising partners, and we do not sell it.",
])
def test_denials_stay_protections(sentence):
    hits = found(sentence)
    assert ("data_sharing", "protection") in hits
    assert ("data_sharing", "harm") not in hits


def test_a_plain_sharing_clause_stays_a_harm():
    assert ("data_sharing", "harm") in found("We may share your information with advertising partners.")


@pytest.mark.parametrize("sentence", [
    "By uploading a video, you grant us the right to monetize it and the content you post.",
    "You give the platform permission to commercialize your submissions in any way it chooses.",
    "Posting content on the forum does not entitle you to any compensation.",
    "Nothing in these terms entitles you to a share of the revenue from your uploads.",
])
def test_monetizing_content_without_payment_is_a_licence(sentence):
    assert ("content_license", "harm") in found(sentence)
    assert "content_license" in read(sentence).labels


@pytest.mark.parametrize("sentence", [
    "We grant you the right to monetize your videos through our partner programme.",
    "Nothing in these terms entitles you to a refund of the subscription fee.",
    "You may not resell, transfer access to, or otherwise monetize the Services.",
])
def test_look_alikes_are_no_licence(sentence):
    assert ("content_license", "harm") not in found(sentence)


def test_a_recipient_pointed_back_to_is_as_specific_as_a_name():
    # (the rule for named recipients counts whatever the topic model's gate says)
    sentence = "When you ask for a refund, you allow us to release the relevant data to the same third party."
    assert "data_sharing" in read(sentence).labels


def test_sharing_with_a_third_party_pointed_back_to_stays_a_harm():
    sentence = "If you pay through an app store, we may share your purchase information with that third party."
    assert "data_sharing" in read(sentence).labels


def test_a_denial_to_a_recipient_pointed_back_to_stays_a_protection():
    result = read("We will never disclose your information to that third party.")
    assert "data_sharing" in result.protections
    assert "data_sharing" not in result.labels
