"""Readings from a lawyer's pass over services outside the gold set (issue 13, `unseen5`):
clauses whose words look like a harm but state none, or a promise the rules did not read. Each
reading is one sentence in ``docs/taxonomy.md`` ("Polarity"); tested here on our own sentences
through the shipped classifier, with guards (the plain harm keeps its reading), a real corpus
sentence where the corpus has one, and the change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change

from test_classify_rules import real_sentence
from clause_readings import read, hunk


# --- a remedy against a termination or removal is not the power to terminate or remove ---------

REMEDIES = [
    "If you live in Ireland, you have a right under local law to bring a claim if you believe we have "
    "breached these Terms by removing your posts or by suspending or terminating your account.",
    "You can appeal our decision to suspend your account or remove your videos through the help centre.",
    "If you believe we have wrongly disabled your profile, you may ask for a review within 60 days.",
]


@pytest.mark.parametrize("sentence", REMEDIES)
def test_a_remedy_against_termination_or_removal_is_no_such_harm(sentence):
    labels = read(sentence).labels
    assert "unilateral_termination" not in labels and "content_removal" not in labels, labels


@pytest.mark.parametrize("sentence", [
    "We may suspend or terminate your account at any time, and you can appeal our decision.",
    "You waive any right to challenge our decision to terminate your account.",
    "We may remove your content for any reason; you may not bring a claim for its removal.",
])
def test_the_power_itself_or_a_waived_remedy_stays_a_harm(sentence):
    result = read(sentence)
    # the power stated before the remedy, or a remedy taken away, is read as before
    assert {"unilateral_termination", "content_removal"} & set(result.labels) or not result.labels, result.labels
    if "terminate your account at any time" in sentence:
        assert "unilateral_termination" in result.labels


def test_a_real_appeal_clause_is_no_termination(ota_corpus):
    sentence = real_sentence(ota_corpus, "Discord", "Terms of Service", "You can appeal any enforcement action we take")
    labels = read(sentence).labels
    assert "unilateral_termination" not in labels and "content_removal" not in labels, (sentence, labels)


def test_adding_a_right_to_sue_over_a_termination_is_not_worse():
    a = assess_change([hunk("added", new=REMEDIES[0])])
    assert a.direction != "worse", a.categories


# --- liability kept unless the service proves it was not at fault --------------------------------

def test_liability_kept_unless_the_service_proves_no_fault_is_no_limitation():
    sentence = ("Acme remains liable if a vendor processes your data in breach of these principles, unless "
                "Acme proves that it is not responsible for the event giving rise to the damage.")
    assert "limitation_of_liability" not in read(sentence).labels
    assert assess_change([hunk("added", new=sentence)]).direction != "worse"


def test_a_real_privacy_shield_liability_clause_is_no_limitation(ota_corpus):
    sentence = real_sentence(ota_corpus, "Microsoft", "Privacy Policy", "we remain liable unless we prove")
    assert "limitation_of_liability" not in read(sentence).labels, sentence


def test_a_plain_exclusion_of_liability_stays():
    assert "limitation_of_liability" in read("We are not responsible for any loss of data, unless the law "
                                             "says otherwise.").labels
    assert "limitation_of_liability" in read("In no event will we be liable for indirect damages.").labels


# --- the user as an advertiser ----------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "If you buy advertisements or sponsored posts on the platform, you must follow our advertising policy.",
    "If you use the self-service tools for advertising, you must also accept the Ads Terms.",
    "When you publish branded content, you must label it clearly.",
])
def test_duties_of_users_who_advertise_are_no_ads_shown_to_users(sentence):
    assert "advertising" not in read(sentence).labels


@pytest.mark.parametrize("sentence", [
    "If you use our apps, we show you personalized ads based on your activity.",
    "If you buy ads, we use your browsing data for targeted ads.",
])
def test_the_services_own_ads_stay_after_a_condition_on_the_user(sentence):
    assert "advertising" in read(sentence).labels


def test_a_new_duty_of_advertisers_is_not_worse():
    a = assess_change([hunk("added", new="If you post or buy advertisements, you must comply with our Advertising Policy.")])
    assert a.direction == "neutral", (a.direction, a.categories)


# --- monetising data is selling it ------------------------------------------------------------------

def test_monetising_users_data_is_sale_and_its_denial_the_promise():
    assert "data_sale" in read("We may monetize your personal information through partnerships.").labels
    denial = read("Acme does not monetize data or use the content you upload for advertising purposes.")
    assert "data_sale" in denial.protections and "data_sale" not in denial.labels


def test_a_no_sale_promise_restated_as_no_monetising_is_no_loss():
    a = assess_change([hunk("removed", old="We don't sell your data."),
                       hunk("added", new="Acme does not monetize data or use the content customers upload for "
                                         "advertising purposes.")])
    assert a.direction != "worse", (a.direction, a.categories)


def test_monetising_the_service_or_content_is_no_data_sale():
    assert "data_sale" not in read("Customers may not resell or otherwise monetize the Services.").labels
    assert "data_sale" not in read("You grant us the right to monetize your videos on the service.").labels


# --- an AI-powered product is not AI trained on users' data ------------------------------------------

def test_ai_powered_features_named_in_a_definition_are_no_ai_training():
    sentence = ("These Terms govern your use of our websites, apps, APIs and artificial intelligence "
                "(\u201cAI\u201d) powered generative experiences (the \u201cServices\u201d).")
    assert "ai_training" not in read(sentence).labels


def test_data_used_to_power_ai_stays_ai_training():
    assert "ai_training" in read("We use your content to power our AI features.").labels


# --- the user's control over a practice is no harm, for the rules nor for the topic model -------------

@pytest.mark.parametrize("sentence", [
    "We honour the Global Privacy Control signal as your wish to withdraw your consent from having your data "
    "used to personalize the advertisements shown to you.",
    "You can turn off the use of your activity to personalize the advertisements you see.",
])
def test_control_over_ads_is_no_advertising_harm(sentence):
    assert "advertising" not in read(sentence).labels


def test_the_practice_itself_stays_an_advertising_harm():
    assert "advertising" in read("We use your activity to personalize the advertisements shown to you.").labels


def test_adding_a_way_to_withdraw_consent_from_ads_is_not_worse():
    a = assess_change([hunk("added", new="We treat the Global Privacy Control signal as your wish to withdraw your "
                                         "consent from having your data used to personalize the advertisements "
                                         "shown to you.")])
    assert a.direction != "worse", (a.direction, a.categories)


# --- the user leaving is no termination; users earning from their content is no ad ---------------------

@pytest.mark.parametrize("sentence", [
    "You may deactivate your whole account or end your participation in the creator programme at any time.",
    "You can cancel your subscription at any time from the billing page.",
])
def test_the_user_ending_their_own_account_is_no_termination_power(sentence):
    assert "unilateral_termination" not in read(sentence).labels


def test_the_service_power_beside_the_users_own_exit_stays():
    result = read("You may close your account at any time, and we may suspend or terminate your account at any "
                  "time for any reason.")
    assert "unilateral_termination" in result.labels
    assert "close your account" not in result.evidence["unilateral_termination"]


def test_users_monetising_their_own_content_is_no_ad():
    assert "advertising" not in read("The app lets creators monetize their content through tips and paid "
                                     "subscriptions.").labels
    assert "advertising" in read("We may monetize your videos by showing ads on them.").labels


def test_removing_the_users_own_exit_is_not_better():
    a = assess_change([hunk("removed", old="You may deactivate your account or discontinue your participation in "
                                           "the creator programme at any time.")])
    assert a.direction != "better", (a.direction, a.categories)


# --- a copy of a legal document is no copy of the user's data --------------------------------------------

def test_a_copy_of_the_contract_clauses_is_no_right_of_access():
    assert "user_rights" not in read("You may request a copy of the Standard Contractual Clauses by writing to "
                                     "our privacy team.").protections
    a = assess_change([hunk("removed", old="You may request a copy of the Standard Contractual Clauses by writing to "
                                           "our privacy team."),
                       hunk("added", new="The Standard Contractual Clauses are published on our legal website.")])
    assert a.direction != "worse", (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "You can request a copy of your personal data at any time.",
    "You may obtain a copy of the data we hold about you.",
])
def test_a_copy_of_the_users_data_stays_a_right(sentence):
    assert "user_rights" in read(sentence).protections


# --- a harm clause that only gained a contact route did not grow ----------------------------------------

def test_a_new_contact_route_in_a_harm_clause_is_no_growth():
    old = ("You can control the information we collect about you by keeping your profile short, by changing your "
           "cookie preferences, or by contacting [Acme Support](https://acme.example/contact).")
    new = ("You can control the information we collect about you by keeping your profile short, by changing your "
           "cookie preferences, or by contacting us through the [Acme Support portal](https://help.acme.example/).")
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction == "neutral", (a.direction, a.categories)


def test_a_harm_clause_that_gained_purposes_still_grew():
    old = "We may share your device identifiers with our partners to measure ads."
    new = ("We may share your device identifiers with our partners to measure ads, build audience profiles and "
           "recommend products through partner apps.")
    assert assess_change([hunk("modified", old=old, new=new)]).direction == "worse"
