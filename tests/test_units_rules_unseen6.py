"""Readings from a second lawyer's pass over services outside the gold set (issue 13,
`unseen6`): clauses whose words look like a harm done to the user but state a duty of the user
or a practice that never reaches the service. Each reading is one sentence in
``docs/taxonomy.md``; tested on our own sentences through the shipped classifier, with guards
(the plain harm keeps its reading) and the change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change

from clause_readings import read, hunk


# --- a ban on the user training AI on the service is no AI training on users' data ----------------

USER_AI_BANS = [
    # the ban lists several acts; training is not the first of them
    "You also aren't allowed to copy our course videos, sell access to them, or develop or train any "
    "software or data models on them.",
    "You are also prohibited from using our content to train machine learning models.",
    "Without our written consent, users may not resell the lessons, mirror the site, or use its text to "
    "build or train artificial intelligence models.",
]


@pytest.mark.parametrize("sentence", USER_AI_BANS)
def test_a_ban_on_the_user_training_ai_is_no_ai_training(sentence):
    assert "ai_training" not in read(sentence).labels


def test_adding_a_ban_on_users_training_ai_is_not_worse():
    a = assess_change([hunk("added", new=USER_AI_BANS[0])])
    assert a.direction != "worse", (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "We may use the photos and messages you upload to train our artificial intelligence models.",
    "Your lessons and answers may be used to train and improve our machine learning models.",
])
def test_the_service_training_ai_on_users_data_stays_a_harm(sentence):
    assert "ai_training" in read(sentence).labels
    assert assess_change([hunk("added", new=sentence)]).direction == "worse"


# --- data that stays on the user's device, or is never collected, is no collection ---------------

ON_DEVICE = [
    "The app may remind you of nearby stores without collecting your precise location.",
    "Your heart rate is processed locally on your device to show your training zones.",
]


@pytest.mark.parametrize("sentence", ON_DEVICE)
def test_data_kept_on_the_device_or_never_collected_is_no_collection(sentence):
    labels = read(sentence).labels
    assert not {"sensitive_data", "data_collection", "tracking"} & set(labels), labels


@pytest.mark.parametrize("sentence", [
    "We collect your precise location from your device to suggest nearby stores.",
    "Your heart rate is uploaded from your device to our servers and stored for two years.",
])
def test_data_the_service_collects_from_the_device_stays_a_harm(sentence):
    assert {"sensitive_data", "data_collection"} & set(read(sentence).labels)


# --- a request refused only when the identity cannot be verified takes no right back ------------

@pytest.mark.parametrize("sentence", [
    "We reserve the right to deny your request if we cannot verify your identity or if an exception "
    "applies under applicable law.",
    "We may decline an access request where we are unable to confirm that it comes from you.",
])
def test_a_refusal_only_for_an_unverified_requester_takes_no_right_back(sentence):
    assert "user_rights" not in read(sentence).labels
    assert assess_change([hunk("added", new=sentence)]).direction != "worse"


@pytest.mark.parametrize("sentence", [
    "We may refuse your deletion request for any reason.",
    "We may deny your request if we cannot verify your identity or for any other reason.",
])
def test_a_refusal_for_other_reasons_stays_a_right_taken_back(sentence):
    assert "user_rights" in read(sentence).labels


# --- a pointer to where a practice is described states no practice --------------------------------

@pytest.mark.parametrize("sentence", [
    "You can learn about the partners with whom we share your information by referring to the "
    "“Who Receives Your Data” section.",
    "To find out more about the companies we share data with, see the section below.",
])
def test_a_pointer_to_the_section_on_a_practice_is_no_practice(sentence):
    assert not {"data_sharing", "data_collection", "tracking", "advertising"} & set(read(sentence).labels)
    assert assess_change([hunk("added", new=sentence)]).direction != "worse"


def test_the_practice_itself_stays_a_harm_beside_a_pointer():
    sentence = "We share your information with advertisers, as described in the section below."
    assert "data_sharing" in read(sentence).labels


# --- "at anytime" and "at any time" are the same scope -------------------------------------------

def test_respelling_anytime_in_a_harm_clause_is_not_worse():
    a = assess_change([hunk("modified",
                            old="Acme reserves the right to change your username for any reason and may do so at anytime.",
                            new="Acme reserves the right to change your username for any reason and may do so at any time.")])
    assert a.direction != "worse", (a.direction, a.categories)


def test_a_power_that_gains_at_any_time_still_widens():
    a = assess_change([hunk("modified",
                            old="Acme reserves the right to change your username for any reason.",
                            new="Acme reserves the right to change your username for any reason and may do so at any time.")])
    assert a.direction == "worse", (a.direction, a.categories)


# --- profiles inside an account are the user's own, not a profile built about the user ---------

def test_viewer_profiles_inside_an_account_are_no_tracking():
    sentence = "Parents may create Profiles for children aged 8 to 12 within their Account (each a “Kids Profile”)."
    assert "tracking" not in read(sentence).labels
    assert assess_change([hunk("added", new=sentence)]).direction != "worse"


@pytest.mark.parametrize("sentence", [
    "We build profiles of your interests from your browsing across websites.",
    "We create a profile about you from your activity, which is stored in your account.",
])
def test_a_profile_built_about_the_user_stays_tracking(sentence):
    assert "tracking" in read(sentence).labels


def test_a_profile_the_account_holder_creates_is_no_tracking():
    a = assess_change([hunk("modified", old="Only the main account holder may create a profile.",
                            new="Only the main account holder may create more profiles.")])
    assert a.direction == "neutral" or not a.categories, (a.direction, a.categories)
    assert "tracking" not in read("Only the main account holder may create a profile.").labels


# --- a right to a judicial remedy is a user right -----------------------------------------------

def test_adding_a_judicial_remedy_beside_a_complaint_right_is_not_worse():
    a = assess_change([hunk("modified",
                            old="In the EU you have a right to lodge a complaint with your data protection authority.",
                            new="In the EU you have a right to a judicial remedy and to lodge a complaint with your "
                                "data protection authority.")])
    assert a.direction != "worse", (a.direction, a.categories)
    assert "user_rights" in read("You have the right to an effective judicial remedy against us.").protections


# --- hostile input: the ban on the user training AI stays linear on a long clause ------------------

@pytest.mark.parametrize("filler", [
    "you may not use ",  # the review of int13: 13.5 s for 50,000 characters (quadratic)
    "users must not copy any data it may hold ",
])
def test_the_users_ai_ban_reading_is_fast_on_a_long_clause_without_a_train_word(filler):
    import time

    from monitor.classify.rules.user_side import USER_SIDE_READINGS
    ban = next(rule for rule in USER_SIDE_READINGS if rule.category == "ai_training")
    text = (filler * (50_000 // len(filler) + 1))[:50_000]
    started = time.perf_counter()
    list(ban.pattern.finditer(text))
    assert time.perf_counter() - started < 5
