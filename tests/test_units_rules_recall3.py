"""Readings of the `recall3` round (issue 13, category recall): data shared for ads without a
named recipient, data given to advertising / analytics / measurement companies, data given to
a recipient pointed back to ("that party", "such platforms"), ads personalised in a verb.
Each reading: our own sentences that show it (failing before the round), guards that a
denial stays a protection and that the user's own sharing is no hit, and real corpus
sentences."""

from __future__ import annotations

import pytest

from monitor.classify.rules import find_rule_hits

from test_classify_rules import real_sentence
from clause_readings import read, found


# --- data shared for ads, whoever gets it ----------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "We may share your advertising ID and the pages you viewed so the ads you see elsewhere match your interests.",
    "We also disclose a hashed email address so that ads for our shop can reach you on other sites.",
])
def test_data_shared_for_ads_without_a_named_recipient_is_sharing(sentence):
    assert ("data_sharing", "harm") in found(sentence)


@pytest.mark.parametrize("sentence", [
    "We do not share your browsing history to target ads.",
    "We never disclose your purchase records for advertising.",
])
def test_a_denial_of_sharing_for_ads_stays_a_protection(sentence):
    hits = found(sentence)
    assert ("data_sharing", "protection") in hits
    assert ("data_sharing", "harm") not in hits


@pytest.mark.parametrize("sentence", [
    # the user shares, not the service
    "You can share your ad preferences with friends.",
    # data about no one, and a disclosure the law compels (government access, not sharing)
    "We may share aggregated data about how many people saw an ad.",
    "We may disclose your account details for advertising fraud investigations when required by law.",
    # sharing with the user
    "We may share information with you about ads you clicked.",
])
def test_look_alikes_of_sharing_for_ads_are_no_sharing_harm(sentence):
    assert ("data_sharing", "harm") not in found(sentence)


# --- data given to advertising, analytics or measurement companies --------------------------

@pytest.mark.parametrize("sentence", [
    "We may also provide information to analytics and measurement partners to measure the effectiveness of sponsored content.",
    "Our app passes on details of the episodes you finish to our measurement providers.",
])
def test_data_given_to_ad_or_analytics_companies_is_sharing_even_off_topic(sentence):
    # the topic model gives these a low sharing probability: the rule is freed from its gate
    assert "data_sharing" in read(sentence).labels


def test_a_denial_of_giving_data_to_analytics_companies_stays_a_protection():
    result = read("We do not provide your personal information to advertising or analytics companies.")
    assert "data_sharing" not in result.labels
    assert "data_sharing" in result.protections


def test_analytics_providers_giving_the_user_reports_is_no_sharing():
    assert ("data_sharing", "harm") not in found("Analytics providers send you monthly reports about your own shop.")


# --- a recipient pointed back to -----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "We send your order details to that delivery company so it can bring your parcel.",
    "We may share limited account information (such as your nickname, score and friends list) with that partner.",
])
def test_data_given_to_a_recipient_pointed_back_to_is_sharing(sentence):
    assert ("data_sharing", "harm") in found(sentence)


@pytest.mark.parametrize("sentence", [
    "If you play through a console, your match history may be tracked and shared by such gaming platforms.",
    "When you sign in with another app, your activity may be collected by those third-party providers.",
])
def test_data_tracked_by_a_third_party_pointed_back_to_is_sharing_even_off_topic(sentence):
    assert ("data_sharing", "harm") in found(sentence)
    assert "data_sharing" in read(sentence).labels


@pytest.mark.parametrize("sentence, expected", [
    ("We never send your order details to that delivery company.", ("data_sharing", "protection")),
    ("Any data you send to such platforms is governed by their own policies.", None),
])
def test_pointed_back_guards(sentence, expected):
    hits = found(sentence)
    assert ("data_sharing", "harm") not in hits
    if expected:
        assert expected in hits


# --- ads personalised in a verb -------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "We use your activity to personalise the ads you see.",
    "Personalize experiences and ads across our apps.",
    "We customize advertising based on the videos you watch.",
])
def test_ads_personalised_in_a_verb_are_advertising(sentence):
    assert ("advertising", "harm") in found(sentence)


@pytest.mark.parametrize("sentence, polarity", [
    ("We do not target ads at children.", "protection"),
    ("You can opt out of having us personalize your ads.", None),
])
def test_ads_personalised_guards(sentence, polarity):
    hits = found(sentence)
    assert ("advertising", "harm") not in hits
    if polarity:
        assert ("advertising", polarity) in hits


# --- real corpus sentences ------------------------------------------------------------------

@pytest.mark.parametrize("service, terms_type, fragment, category", [
    ("Amazon.com", "Privacy Policy", "we may share an advertising identifier", "data_sharing"),
    ("Discord", "Privacy Policy", "provide information to analytics and measurement partners", "data_sharing"),
    ("Microsoft", "Terms of Service", "may be tracked and shared by such third-party platforms", "data_sharing"),
    ("Instagram", "Privacy Policy", "Personalize the ads people see", "advertising"),
    ("Netflix", "Terms of Service", "All subscription plans may contain limited commercial content", "advertising"),
])
def test_real_sentences(ota_corpus, service, terms_type, fragment, category):
    sentence = real_sentence(ota_corpus, service, terms_type, fragment)
    assert category in read(sentence).labels


# --- ads in the product itself, freed from the topic gate ------------------------------------

@pytest.mark.parametrize("sentence", [
    "Every membership tier may carry short commercial interruptions.",
    "Some of our plans include commercial breaks during episodes.",
])
def test_ads_in_the_product_count_even_off_topic(sentence):
    assert "advertising" in read(sentence).labels


@pytest.mark.parametrize("sentence", [
    # where something is stated, not ads a plan carries
    "Our loyalty programme terms prevail over statements contained in any flyers or advertising.",
    # spam users may not post
    "Do not upload content containing unsolicited advertising.",
])
def test_ads_in_the_product_look_alikes(sentence):
    hits = found(sentence)
    assert ("advertising", "protection") not in hits
    assert ("advertising", "harm") not in hits


@pytest.mark.parametrize("sentence", [
    # a quantifier's "not" denies no ads (fix7: it no longer hides the ads either)
    "Not all titles are available in the ad-supported plan.",
    "Our ad-supported plan shows commercials, but not all content is available on it.",
    # unsolicited e-mails are not the plan's ads
    "The Basic plan contains ads; we will never send you unsolicited emails.",
])
def test_ads_in_the_product_beside_a_quantifier_or_a_spam_promise_stay_ads(sentence):
    hits = found(sentence)
    assert ("advertising", "harm") in hits
    assert ("advertising", "protection") not in hits


def test_a_plan_without_ads_stays_a_protection():
    assert ("advertising", "protection") in found("Our premium plan does not contain ads.")


# --- review of the round (fix7): look-alikes the freed rules read wrongly ---------------------

def rule_hits(sentence: str, note_start: str) -> set[str]:
    """The polarities of the hits one rule (named by the start of its note) gives."""
    return {h.polarity for h in find_rule_hits(sentence) if h.rule.startswith(note_start)}


TRACKED_BY = "Data tracked or shared by a third party"
AD_RECIPIENT = "The service gives data to advertising, analytics"


def test_your_data_shared_by_a_third_party_pointed_back_to_is_sharing():
    # "your" is not "you": the user is not the one giving here
    assert rule_hits("Your information may be shared by such third-party platforms.", TRACKED_BY) == {"harm"}


@pytest.mark.parametrize("sentence", [
    "We are not responsible for information collected by such third parties.",
    "Such data is not shared by those companies with us.",
])
def test_a_disclaimer_about_a_third_party_is_no_sharing_promise(sentence):
    assert rule_hits(sentence, TRACKED_BY) == set()


@pytest.mark.parametrize("sentence", [
    # a "not" inside a relative clause describes the data, it denies no giving
    "We may share information that does not identify you with advertising partners.",
    # the user's own giving; data about no one; other companies giving among themselves
    "Information you disclose to advertising partners is governed by their policies.",
    "We share aggregated, non-personal information with our measurement partners.",
    "Advertisers and publishers may share information with measurement partners to measure ad performance.",
])
def test_ad_recipient_look_alikes_are_no_hit(sentence):
    assert rule_hits(sentence, AD_RECIPIENT) == set()


@pytest.mark.parametrize("sentence", [
    "Our tools let advertisers customize their ads.",
    "We target our advertising budget on TV and radio.",
])
def test_advertisers_own_ads_or_the_ad_budget_are_no_personalised_ads(sentence):
    assert rule_hits(sentence, "Ads personalised or targeted") == set()


@pytest.mark.parametrize("sentence", [
    "We and our partners share your information with advertising partners.",
    "We share usage information with analytics providers so they can provide us reports.",
])
def test_the_service_giving_to_ad_companies_beside_another_giver_is_still_sharing(sentence):
    assert rule_hits(sentence, AD_RECIPIENT) == {"harm"}


def test_the_rules_freed_by_hand_are_recorded_so_a_retrain_keeps_them():
    # (review 7) the shipped model lists them per category and as unmeasured, and the trainer
    # frees them whatever the quotes say
    import json
    import sys
    from pathlib import Path

    from monitor.classify.rules import RULES
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    import train_privacy
    shipped = json.loads((root / "data" / "model" / "privacy.json").read_text())
    category = {rule.note: rule.category for rule in RULES}
    for note in train_privacy.FREED_BY_HAND:
        held_out = shipped["held_out_by_service"][category[note]]
        assert note in shipped["ungated"][category[note]] and note in shipped["ungated_unmeasured"][category[note]]
        assert note in held_out["ungated"] and note in held_out["ungated_unmeasured"]
