"""A promise not to use data for a purpose is a protection (issue 13, branch `promises`).

The service saying it will not use users' data for ads, marketing, targeting or lead
generation (or to sell it) protects them, in the category of the purpose; a sensitive kind of
data kept out of ads is a ``sensitive_data`` protection. Our own sentences (failing before the
rule), guards (the ads harm stays a harm, a turn ends the promise, the user's duty is no
promise), real corpus sentences, and the classifier and the change assessment end to end."""

from __future__ import annotations

import pytest

from monitor.classify.assess import assess_change
from monitor.classify.clauses import load_classifier
from monitor.classify.reading import plain_clauses

from test_classify_rules import real_sentence
from clause_readings import found


@pytest.mark.parametrize("sentence", [
    "Acme will not use information about your orders to generate leads or target your customers.",
    "We won't use the details in your uploaded résumé to prospect for new business.",
    "Acme Mail does not process the contents of your inbox for the purposes of advertising.",
    "We do not use the messages you send to show you advertising.",
])
def test_a_promise_not_to_use_data_for_ads_or_leads_is_an_advertising_protection(sentence):
    assert ("advertising", "protection") in found(sentence)
    assert ("advertising", "harm") not in found(sentence)


def test_a_promise_not_to_use_data_to_sell_it_stays_a_data_sale_protection():
    # (the selling rules read this already: a denied "sell" is their protection)
    assert ("data_sale", "protection") in found("We will never use your contact list to sell to list brokers.")


@pytest.mark.parametrize("sentence", [
    "We don't use what you tell us about your religious views to show you ads.",
    "Information with special protections that you give us is used to run the app, but not to show you ads.",
])
def test_sensitive_data_kept_out_of_ads_is_a_sensitive_data_protection(sentence):
    assert ("sensitive_data", "protection") in found(sentence)
    assert ("sensitive_data", "harm") not in found(sentence)


def test_using_data_to_show_ads_stays_a_harm():
    assert found("We use your data to show you ads.") == {("advertising", "harm")}
    assert ("advertising", "protection") not in found("We use the messages you send to show you advertising.")


def test_a_turn_ends_the_promise_so_the_ads_harm_stays():
    hits = found("We do not sell your data, but we use it to show you ads.")
    assert ("advertising", "harm") in hits and ("advertising", "protection") not in hits


@pytest.mark.parametrize("sentence", [
    "You will not use data obtained through the API to target users.",
    "Customer shall not use Member data for marketing.",
    "Please do not use other people's contact details for advertising.",
])
def test_a_duty_of_the_user_or_a_customer_is_no_promise_of_the_service(sentence):
    assert ("advertising", "protection") not in found(sentence)


@pytest.mark.parametrize("service, terms_type, fragment, category", [
    ("LinkedIn", "Terms of Service", "will not use data provided by or derived from", "advertising"),
    ("Instagram", "Privacy Policy", "you choose to provide for these purposes, but not to show you ads", "sensitive_data"),
])
def test_real_promises(ota_corpus, service, terms_type, fragment, category):
    # read as the classifier reads it: a Markdown link as its words
    (clause,) = plain_clauses(real_sentence(ota_corpus, service, terms_type, fragment))
    assert (category, "protection") in found(clause)


def test_the_promise_counts_even_where_the_topic_gate_is_shut():
    # A promise in a business contract reads as off-topic for privacy; its words suffice.
    result = load_classifier().classify(
        ["Acme will not use data derived from your use of its hiring tools to prospect or generate leads."])[0]
    assert "advertising" in result.protections and "advertising" not in result.labels


def test_a_new_promise_makes_the_change_better():
    assessment = assess_change([{"kind": "added", "section": "Data", "old": "", "substantive": True,
                                 "new": "Acme will not use data about your searches to generate sales leads."}])
    assert assessment.direction == "better" and assessment.categories == ["advertising"]
