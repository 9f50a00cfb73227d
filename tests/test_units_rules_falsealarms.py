"""Neutral readings (issue 13, false alarms): words that look like a harm but state none. A
disclosure the law requires, checking who is asking, the user's own history tools, the title
of a cookie policy, biometrics checked on the user's own device, an age below which no
tailored ads are shown, advertisers whose ads are chosen by the context only. Each: our own
sentence that must not be a harm any more, the look-alike that still is one, and (where
useful) the real corpus sentence. Judged by the shipped classifier (rules and topic model),
since a neutral reading must also keep the topic model from calling the clause a harm."""

from __future__ import annotations

import pytest

from monitor.classify.clauses import load_classifier

from test_classify_rules import real_sentence


def harms(sentence: str) -> set[str]:
    return set(load_classifier().classify([sentence])[0].labels)


NOT_A_HARM = [
    # the law makes the company disclose
    ("Local laws require us to share information with regulators and third parties such as auditors.", "data_sharing"),
    ("The law obliges us to disclose account information to third parties such as consumer dispute bodies.",
     "data_sharing"),
    # the user's own history tools
    ("You can clear your search history at any time from your account page.", "tracking"),
    # a document's title
    ("Our Cookie Notice was rewritten in plain language.", "tracking"),
    # biometrics that stay on the user's device
    ("Set up a passkey, which uses biometric data such as your fingerprint to sign in, as you unlock your own device.",
     "sensitive_data"),
    # an age floor for tailored ads
    ("Personalised ads are only shown once you reach the minimum age in your country.", "advertising"),
    # advertisers, but ads chosen by the context
    ("Advertisers can buy space in our newsletter, but the ads are chosen solely on the topic of each issue.",
     "advertising"),
]

STILL_A_HARM = [
    ("We share information with researchers and other third parties.", "data_sharing"),
    ("We may disclose your data to law enforcement.", "government_access"),
    ("We may disclose your information to regulators and to our business partners.", "data_sharing"),
    ("We track you across websites to build a profile of your interests.", "tracking"),
    ("We record your browsing history on partner sites.", "tracking"),
    ("We analyse traffic across our partners' sites, including a review of your browsing history.", "tracking"),
    ("We place cookies on your device when you visit.", "tracking"),
    ("We collect biometric data such as fingerprints when you sign in on your device.", "sensitive_data"),
    ("We show you personalised ads based on your activity.", "advertising"),
    ("Advertisers can target you based on your interests and your location.", "advertising"),
]


@pytest.mark.parametrize("sentence, category", NOT_A_HARM)
def test_neutral_wording_is_not_a_harm(sentence, category):
    assert category not in harms(sentence)


@pytest.mark.parametrize("sentence, category", STILL_A_HARM)
def test_look_alike_harm_stays_a_harm(sentence, category):
    assert category in harms(sentence)


def test_a_legal_duty_to_disclose_keeps_its_government_access():
    # the neutral reading is about sharing with companies; handing data to authorities stays
    found = harms("Certain laws require us to disclose information to regulators, the police and other third parties.")
    assert "data_sharing" not in found and "government_access" in found


def test_an_age_floor_keeps_the_protection_it_states():
    result = load_classifier().classify(["You will never see tailored ads unless you have reached the minimum age."])[0]
    assert "advertising" not in result.labels and "advertising" in result.protections


# (service, terms type, fragment of a real sentence, category that is not a harm there)
REAL = [
    ("Google", "Privacy Policy", "Certain laws require us to share information with regulators", "data_sharing"),
    ("Telegram", "Terms of Service", "like your Face ID or fingerprint scan", "sensitive_data"),
    ("Spotify", "Privacy Policy", "The appropriate age for tailored advertising is determined", "advertising"),
    ("Telegram", "Privacy Policy", "these sponsored messages are based solely on the topic", "advertising"),
    ("Amazon.com", "Privacy Policy", "edit your browsing history", "tracking"),
    # checking who is asking
    ("YouTube", "Privacy Policy", "validate your request by verifying that you", "tracking"),
    # data handed to the authorities
    ("YouTube", "Privacy Policy", "including disclosing information to government authorities", "data_sharing"),
    ("YouTube", "Privacy Policy", "Law enforcement or other third parties**, for the legal reasons", "data_sharing"),
]


@pytest.mark.parametrize("service, terms_type, fragment, category", REAL)
def test_real_neutral_sentences(ota_corpus, service, terms_type, fragment, category):
    assert category not in harms(real_sentence(ota_corpus, service, terms_type, fragment))


def test_an_age_floor_does_not_hide_a_harm_stated_beside_it():
    found = harms("The minimum age for tailored ads is 18 in your country, and we share your data with advertisers.")
    assert "advertising" in found


def test_a_refusal_to_disclose_to_the_authorities_is_no_neutral_reading():
    from monitor.classify.rules import find_rule_hits
    hits = find_rule_hits("We will not disclose your information to law enforcement unless a court orders us to.")
    assert not any(h.polarity == "neutral" for h in hits)
