"""Clause rules of the recall round (issue 13): retention periods, data given to a recipient
named as such, data users are asked for, ads in the product itself, and protections that
used to read as harms (the user's own law and courts, ads chosen by context). Each rule:
our own sentences that show it, a negated or look-alike one that must not, and real corpus
sentences (found by a fragment in the shared OTA corpus)."""

from __future__ import annotations

import pytest


from test_classify_rules import real_sentence
from clause_readings import found


@pytest.mark.parametrize("sentence, category, polarity", [
    # the user keeps the law of their own country, and its mandatory consumer protections
    ("For consumers in the EU these terms are governed by the laws of your country of residence.",
     "choice_of_law", "protection"),
    ("Nothing in these terms affects your statutory rights as a consumer.", "choice_of_law", "protection"),
    ("This choice of law does not deprive you of the protection of the mandatory provisions of your home law.",
     "choice_of_law", "protection"),
    # the user may sue at home
    ("You may also bring a claim in the courts of the country where you live.", "jurisdiction", "protection"),
    ("Disputes can be brought in your local courts.", "jurisdiction", "protection"),
    # ads chosen by the page, not by the person
    ("The ads in a newsletter are selected solely on the subject of the article you read.", "advertising", "protection"),
    # ads in the product itself
    ("Our cheaper plan contains ads and other promotional messages.", "advertising", "harm"),
    ("Episodes may contain commercial breaks.", "advertising", "harm"),
    ("We may offer an ad-supported tier at a lower price.", "advertising", "harm"),
    ("You allow us to monetize your videos by placing advertising around them.", "advertising", "harm"),
    # retention: accounts deleted after a time of inactivity; data kept after the end; until you act
    ("If you do not log in for 24 months, we will delete your account and its data.", "data_retention", "protection"),
    ("Accounts are closed after prolonged inactivity.", "data_retention", "protection"),
    ("We erase recordings 60 days after the call ends.", "data_retention", "protection"),
    ("We may keep copies of your listings after the expiry of your subscription.", "data_retention", "harm"),
    ("We store your uploaded address book until you delete it.", "data_retention", "harm"),
    # data, named as such, to a recipient named as such
    ("We provide usage information to measurement partners.", "data_sharing", "harm"),
    ("We may pass limited account data to selected advertising partners.", "data_sharing", "harm"),
    # a named company receiving data, said in the passive
    ("Voice recordings may be sent to Nuance for transcription.", "data_sharing", "harm"),
    # users asked to hand over an item of data
    ("We may ask some members to provide a phone number to secure their account.", "data_collection", "harm"),
    ("We require sellers to submit identity documents.", "data_collection", "harm"),
])
def test_new_wording_is_found(sentence, category, polarity):
    assert (category, polarity) in found(sentence)


@pytest.mark.parametrize("sentence, category, polarity", [
    # a chosen law that is not the user's own stays a harm, and is not also a protection
    ("These terms are governed by the laws of the State of Delaware.", "choice_of_law", "protection"),
    ("These terms are governed by the laws of the country of Ireland.", "choice_of_law", "protection"),
    ("You agree to the exclusive jurisdiction of the courts of Santa Clara County.", "jurisdiction", "protection"),
    # ads targeted on the user are no protection
    ("Ads are selected based on your interests and activity.", "advertising", "protection"),
    # a restriction on the user, not ads in the service
    ("Customers may not resell or otherwise monetize the content without our consent.", "advertising", "harm"),
    ("Our plans include offline downloads and lossless audio.", "advertising", "harm"),
    # inactivity without a deletion; "not" of the user's inactivity does not make it a harm
    ("If you do not log in for 12 months, we will send you a reminder email.", "data_retention", "protection"),
    ("If you do not log in for 24 months, we will delete your account and its data.", "data_retention", "harm"),
    # the user sharing, or the service asked for verification, is not it
    ("You can provide your information to partners when you enter a contest.", "data_sharing", "harm"),
    ("We do not provide personal information to advertising partners.", "data_sharing", "harm"),
    ("Your data may be transferred to Ireland and the United States.", "data_sharing", "harm"),
    ("We may ask you to verify your identity before we act on your request.", "data_collection", "harm"),
    ("We may ask you to confirm your choice before deleting the album.", "data_collection", "harm"),
])
def test_look_alikes_and_negations_are_not(sentence, category, polarity):
    assert (category, polarity) not in found(sentence)


def test_a_negated_sharing_of_named_data_is_a_protection():
    assert ("data_sharing", "protection") in found("We never provide personal information to data brokers.")


@pytest.mark.parametrize("service, terms_type, fragment, category, polarity", [
    ("YouTube", "Terms of Service", "will be governed by the laws of your country of residence", "choice_of_law", "protection"),
    ("YouTube", "Terms of Service", "legal proceedings may be brought in your local courts", "jurisdiction", "protection"),
    ("Netflix", "Terms of Service", "will not limit any consumer protection rights", "choice_of_law", "protection"),
    ("Telegram", "Privacy Policy", "sponsored messages are based solely on the topic", "advertising", "protection"),
    ("Netflix", "Terms of Service", "subscription plans that contain commercial breaks", "advertising", "harm"),
    ("YouTube", "Terms of Service", "the right to monetize your Content", "advertising", "harm"),
    ("Telegram", "Privacy Policy", "do not come online for at least", "data_retention", "protection"),
    ("Facebook", "Privacy Policy", "we delete that copy 30 days after", "data_retention", "protection"),
    ("LinkedIn", "Terms of Service", "preserve and display copies of your job posts", "data_retention", "harm"),
    ("Discord", "Privacy Policy", "provide information to analytics and measurement partners", "data_sharing", "harm"),
    ("Telegram", "Privacy Policy", "may be shared with Google", "data_sharing", "harm"),
    ("Telegram", "Privacy Policy", "we may ask some users to provide an email address", "data_collection", "harm"),
])
def test_real_corpus_sentences(ota_corpus, service, terms_type, fragment, category, polarity):
    sentence = real_sentence(ota_corpus, service, terms_type, fragment)
    assert (category, polarity) in found(sentence), sentence


def test_the_users_own_law_is_not_also_a_chosen_law(ota_corpus):
    sentence = real_sentence(ota_corpus, "YouTube", "Terms of Service",
                             "will be governed by the laws of your country of residence")
    assert ("choice_of_law", "harm") not in found(sentence)
