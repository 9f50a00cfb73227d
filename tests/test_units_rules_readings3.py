"""Clause readings of the `readings3` round (issue 13, third pass): clauses no rule read, or
read the wrong way, that decided a change's direction. Each reading (one sentence in
``docs/taxonomy.md``): our own sentences that show it through the shipped classifier (so the
topic model's gate is part of what is tested), guards that look-alikes and plain harms keep
their reading, real corpus sentences, and the change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change

from test_classify_rules import real_sentence
from clause_readings import read, found, hunk as _hunk


def hunk(kind, old="", new=""):
    return _hunk(kind, old, new, section="Privacy")


# --- "collect and review X" is collection of X ------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "To keep lobbies friendly, we may collect and analyse the audio and chat messages players send.",
    "We collect and review photos and videos that members upload to shared albums.",
    "We may record and listen to voice conversations in multiplayer matches to enforce our rules.",
])
def test_collecting_and_reviewing_what_users_say_is_collection(sentence):
    assert "data_collection" in read(sentence).labels


@pytest.mark.parametrize("sentence", [
    "We do not collect and review the messages you exchange in private chats.",
])
def test_a_denied_collect_and_review_is_no_collection(sentence):
    assert "data_collection" not in read(sentence).labels


# --- data the user must provide to open an account is collected ------------------------------

@pytest.mark.parametrize("sentence", [
    "To open an account, you will need to provide information such as your phone number and date of birth.",
    "When you sign up for a plan you must provide details including your billing address.",
    "To create a profile you are required to provide data like your name and a profile photo.",
])
def test_data_the_user_must_provide_is_collection(sentence):
    assert "data_collection" in read(sentence).labels


@pytest.mark.parametrize("sentence", [
    "To use the service you must be at least 13 years old.",
    "To browse the catalogue you do not need to provide any information.",
    "To report a copyright problem, you need to send a notice to our agent.",
])
def test_no_data_required_is_no_collection(sentence):
    assert ("data_collection", "harm") not in found(sentence)


def test_a_location_added_to_the_data_required_to_sign_up_is_worse():
    old = "To create an account you need to provide data including your name, email address and a password."
    new = ("To create an account you need to provide data including your name, email address, "
           "general location (e.g., city) and a password.")
    change = assess_change([hunk("modified", old, new)], old, new)
    assert change.direction == "worse"
    assert "data_collection" in change.categories


# --- a stated limit on what is stored is a protection -----------------------------------------

@pytest.mark.parametrize("sentence", [
    "We do not keep recordings of your voice chats.",
    "We generally don't store the content of video calls or livestreams.",
    "We will never save the messages you send once they are delivered.",
])
def test_not_storing_users_communications_is_a_retention_protection(sentence):
    assert "data_retention" in read(sentence).protections


@pytest.mark.parametrize("sentence", [
    "We store your voice chats for 90 days.",
    "You must not record other users' calls without their consent.",
    "We do not store your payment card number on our servers.",
])
def test_storing_or_a_user_prohibition_is_no_storage_promise(sentence):
    assert ("data_retention", "protection") not in found(sentence)


# --- what users make with a feature is not sensitive data collected ---------------------------

@pytest.mark.parametrize("sentence", [
    "We may add features that let you record and send short voice messages to your friends.",
    "We may build features that help users engage with voice and video content, like create or send short recordings.",
])
def test_a_feature_for_users_own_recordings_is_not_sensitive_data(sentence):
    assert "sensitive_data" not in read(sentence).labels


@pytest.mark.parametrize("sentence", [
    "We may add features that let you share your precise location with your friends.",
    "We collect biometric data through features that let you create face filters.",
])
def test_a_feature_naming_sensitive_data_is_still_sensitive(sentence):
    assert "sensitive_data" in read(sentence).labels


@pytest.mark.parametrize("sentence", [
    "Features that allow you to share photos also let us collect precise geolocation from your device.",
    "Features that let you send voice messages also let us collect your voiceprint.",
    "Features that let you share posts with your colleagues may reveal your trade union membership.",
])
def test_sensitive_data_after_a_recording_feature_is_not_neutralised(sentence):
    # The neutral reading ends at what users make: a sensitive harm later in the sentence stays.
    hits = found(sentence)
    assert ("sensitive_data", "harm") in hits
    assert ("sensitive_data", "neutral") not in hits


def test_a_promise_not_to_store_calls_beside_a_recording_feature_is_better():
    change = assess_change([hunk("added", new="We do not store the contents of your voice calls."),
                            hunk("added", new="We may build features that let users create and send short video recordings.")])
    assert change.direction == "better"


# --- letting other people find the user discloses the user to them ----------------------------

@pytest.mark.parametrize("sentence", [
    "We use your phone number to let people who have it in their contacts find you.",
    "Help your friends and contacts find you on the service.",
    "We allow other users to discover you by your email address.",
])
def test_letting_others_find_the_user_is_sharing(sentence):
    assert "data_sharing" in read(sentence).labels


@pytest.mark.parametrize("sentence, expected", [
    ("You can find friends on the service by searching their names.", set()),
    ("We will not let other users find you by your email address.", {("data_sharing", "protection")}),
    ("You can turn off settings that let your contacts find you.", set()),
])
def test_finding_friends_yourself_or_a_denial_is_no_sharing(sentence, expected):
    # (a practice the user controls is a neutral reading since `unseen5`: neither harm nor promise)
    assert {f for f in found(sentence) if f[0] == "data_sharing" and f[1] != "neutral"} == expected


def test_dropping_the_settings_consent_from_find_me_is_worse():
    old = "Let your contacts find you on the service, if you agree to this in your settings."
    new = "Let your contacts find you on the service."
    change = assess_change([hunk("modified", old, new)], old, new)
    assert change.direction == "worse"
    assert "data_sharing" in change.categories


# --- real corpus sentences ---------------------------------------------------------------------

@pytest.mark.parametrize("service, terms_type, fragment, category, polarity", [
    ("Microsoft", "Privacy Policy", "we may collect and review voice, text, images, videos", "data_collection", "harm"),
    ("LinkedIn", "Privacy Policy", "general location (e.g., city)", "data_collection", "harm"),
    ("Discord", "Privacy Policy", "We generally do not store the contents of video or voice calls", "data_retention",
     "protection"),
    ("Pinterest", "Privacy Policy", "Help your friends and contacts find you on Pinterest", "data_sharing", "harm"),
])
def test_real_corpus_sentences(ota_corpus, service, terms_type, fragment, category, polarity):
    result = read(real_sentence(ota_corpus, service, terms_type, fragment))
    assert category in (result.labels if polarity == "harm" else result.protections), result


# --- review of the round (fix7): look-alikes the freed rules read as harms -------------------

def test_a_duty_to_give_accurate_information_is_no_data_collected():
    hits = found("If you want to use the Service, you must provide information that is true and complete.")
    assert ("data_collection", "harm") not in hits


def test_an_option_the_user_turns_on_to_be_found_is_no_sharing():
    assert ("data_sharing", "harm") not in found("You can allow people who have your phone number to find you.")


def test_never_recording_calls_is_no_retention_promise():
    # a promise not to record denies collecting the calls, it says nothing of keeping them
    assert "data_retention" not in {category for category, _ in found("We will never record and monitor your voice calls.")}
