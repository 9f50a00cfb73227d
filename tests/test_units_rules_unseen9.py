"""Readings from a fourth pass over services outside the gold set (issue 13, `unseen9`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped rules and classifier, with guards (the plain harm keeps its reading) and the
change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change

from clause_readings import read, hunk


# --- a section named by its title states none of what its title names ---------------------------

SURVIVAL_BY_TITLES = [
    "Sections 2 (“Your Content”), 6 (“Disclaimers; Limitation of Liability”) and 9 (“Disputes; "
    "Waiver of Class Actions”) shall survive any termination of this agreement.",
    "The sections entitled [“No Warranties”](#warranty), [“Limitation of Liability”](#liability) and "
    "[“Class Action Waiver”](#class-action) remain in force after your account is closed.",
    "Nothing in the “Class Action Waiver” section applies to claims brought in small claims court.",
]


@pytest.mark.parametrize("sentence", SURVIVAL_BY_TITLES)
def test_titles_of_sections_state_no_waiver_nor_limitation(sentence):
    result = read(sentence)
    assert "class_action_waiver" not in result.labels
    assert "class action" not in " ".join(result.evidence.get("class_action_waiver", [])).lower()


STATED_AFTER_THE_TITLES = [
    # the clause goes on to state the waiver itself: that part keeps its reading
    "Sections 2 (“Your Content”) and 9 (“Disputes”) survive termination; you waive any right to "
    "bring or join a class action against us.",
    "You agree that you may bring claims only in your individual capacity and not as a plaintiff "
    "or class member in any purported class action.",
]


@pytest.mark.parametrize("sentence", STATED_AFTER_THE_TITLES)
def test_a_waiver_stated_beside_or_without_titles_stays(sentence):
    assert "class_action_waiver" in read(sentence).labels


TRACKING_POINTING_AT_A_SECTION = [
    # the title covers its own words only: the clause before it keeps every reading (review of int13)
    "We and our partners recognise your browser when you visit other websites and apps, as described in "
    "the “Cookies and Similar Technologies” section.",
    "Advertising partners recognise your browser on other websites, as set out in Section 7 (“Cookies”).",
]


@pytest.mark.parametrize("sentence", TRACKING_POINTING_AT_A_SECTION)
def test_a_section_title_does_not_silence_the_clause_that_points_at_it(sentence):
    assert "tracking" in read(sentence).labels


def test_a_tracking_clause_added_with_a_section_reference_is_worse():
    sentence = TRACKING_POINTING_AT_A_SECTION[0]
    assessment = assess_change([hunk("added", "", sentence, "Privacy")], old_text="", new_text=sentence)
    assert assessment.direction == "worse"
    assert "tracking" in assessment.categories


def test_a_title_alone_names_no_practice():
    # what the title names is read where its section states it
    result = read("Please read the “Cookies and Similar Technologies” section for details.")
    assert "tracking" not in result.labels


def test_a_survival_list_narrowed_to_all_provisions_is_no_waiver_removed():
    # The list of surviving sections replaced by "all provisions survive": no class-action
    # waiver or limitation leaves the terms, so nothing gets better on their account.
    old = ("The provisions of these Terms intended to survive shall survive the termination of your account, "
           "including Sections 3 (“Your Content”), 6 (“Limitation of Liability”) and 11 (“Governing Law; "
           "Jurisdiction; Waiver of Class Actions”).")
    new = "The provisions of these Terms shall survive the termination of your account."
    assessment = assess_change([hunk("modified", old, new)], old_text=old, new_text=new)
    assert "class_action_waiver" not in assessment.categories
    assert assessment.direction != "better"


def test_a_waiver_removed_outright_is_still_better():
    old = "You waive any right to bring or participate in a class action against us."
    new = ""
    assessment = assess_change([hunk("removed", old, new)], old_text=old, new_text=new)
    assert assessment.direction == "better"
    assert "class_action_waiver" in assessment.categories


# --- an announcement that a practice will change, not saying how, states no practice -----------

ANNOUNCEMENTS = [
    "_We are changing how we show ads to members in Canada._",
    "We're updating the way we use your information for advertising.",
    "We will be changing how we share data with partners later this year.",
]


@pytest.mark.parametrize("sentence", ANNOUNCEMENTS)
def test_an_announced_change_states_no_practice(sentence):
    result = read(sentence)
    assert not {"advertising", "data_sharing", "tracking"} & set(result.labels)


ANNOUNCEMENTS_THAT_GO_ON = [
    # what the service then says it will do keeps its reading
    ("We are changing how we show ads, and we will now share your browsing history with advertisers.", "tracking"),
    ("We show you personalised ads based on your activity on other websites.", "advertising"),
]


@pytest.mark.parametrize("sentence, category", ANNOUNCEMENTS_THAT_GO_ON)
def test_the_practice_stated_beside_an_announcement_stays(sentence, category):
    assert category in read(sentence).labels


ANNOUNCEMENTS_THAT_SAY_HOW = [
    # the announced verb's object ends the announcement; what follows "to", "by", "so that",
    # "including" states the new practice and keeps its reading (review of int13)
    ("We're updating how we use your public posts and photos to train our generative AI models.", "ai_training"),
    ("Starting June 1, we are changing how we share data with partners by selling your purchase history "
     "to data brokers.", "data_sale"),
    ("We are updating the way we use your information to include sharing your precise location with our "
     "advertising partners.", "data_sharing"),
    ("We are revising how we handle your account details so that we now sell your browsing history to "
     "marketing companies.", "data_sale"),
    ("We are changing how we use your photos, including using them to train our AI models.", "ai_training"),
]


@pytest.mark.parametrize("sentence, category", ANNOUNCEMENTS_THAT_SAY_HOW)
def test_an_announcement_that_says_how_keeps_the_new_practice(sentence, category):
    assert category in read(sentence).labels


@pytest.mark.parametrize("sentence, category", ANNOUNCEMENTS_THAT_SAY_HOW[:3])
def test_a_new_practice_announced_in_a_privacy_policy_is_worse(sentence, category):
    assessment = assess_change([hunk("added", "", sentence, "Privacy")], old_text="", new_text=sentence)
    assert assessment.direction == "worse"
    assert category in assessment.categories


def test_a_new_announcement_of_an_ads_change_is_neutral():
    new = "_We are changing how we show ads to members in Canada._"
    assessment = assess_change([hunk("added", "", new, "Privacy")], old_text="", new_text=new)
    assert assessment.direction == "neutral"


# --- what a notice of infringement must give about its sender is no data collected ----------------

NOTICE_CONTENTS = [
    "2. Contact information about the complaining party, including the name of a contact person, postal "
    "address, telephone number and e-mail address.",
    "(c) Information about the notifying party, including name, mailing address, telephone number and email address.",
]


@pytest.mark.parametrize("sentence", NOTICE_CONTENTS)
def test_the_contents_of_an_infringement_notice_are_no_collection(sentence):
    assert "data_collection" not in read(sentence).labels
    assert "data_collection" not in read(sentence).evidence


def test_an_infringement_notice_procedure_moved_away_is_no_gain():
    old = NOTICE_CONTENTS[0]
    removed = assess_change([hunk("removed", old, "")], old_text=old, new_text="")
    assert removed.direction == "neutral"


def test_data_collected_from_users_stays_collection():
    assert "data_collection" in read(
        "We collect your name, postal address, phone number and email address when you sign up.").labels


# --- users' content analysed by AI to develop features is AI training ----------------------------

AI_DEVELOPMENT = [
    "Our smart assistant may use artificial intelligence or machine learning to analyse and process your "
    "messages and personal data to build, provide and improve smart features.",
    "Some tools use machine learning to review your uploaded content to develop new features.",
]


@pytest.mark.parametrize("sentence", AI_DEVELOPMENT)
def test_content_analysed_by_ai_to_develop_features_is_ai_training(sentence):
    assert "ai_training" in read(sentence).labels


AI_THAT_DEVELOPS_NOTHING = [
    "We use machine learning to analyse your photos to suggest albums.",
    "You may not use artificial intelligence tools to process other users' content to develop competing products.",
    # what is improved is the user's own good, not the service's features or models (review of int13)
    "Our machine learning systems analyze your messages to detect spam and improve your safety.",
    "Artificial intelligence reviews your uploaded files to find malware and enhance your security.",
]


@pytest.mark.parametrize("sentence", AI_THAT_DEVELOPS_NOTHING)
def test_ai_serving_a_feature_or_used_by_the_user_is_no_training(sentence):
    assert "ai_training" not in read(sentence).labels


def test_ai_applied_to_messages_for_safety_is_no_change_when_added():
    sentence = "Our machine learning systems analyze your messages to detect spam and improve your safety."
    assessment = assess_change([hunk("added", "", sentence, "Privacy")], old_text="", new_text=sentence)
    assert "ai_training" not in assessment.categories


def test_ai_improving_the_services_models_stays_training():
    assert "ai_training" in read("Our machine learning tools analyze your conversations to detect spam "
                                 "and improve our language models.").labels


def test_ai_denied_to_develop_on_content_is_a_protection():
    result = read("Our AI does not analyse your content to improve our products.")
    assert "ai_training" not in result.labels
    assert "ai_training" in result.protections


# --- hostile input: each new pattern stays fast on long, repetitive text --------------------------

def test_new_patterns_stay_fast_on_hostile_input():
    import time

    from monitor.classify.rules.ai_development import AI_DEVELOPMENT_RULES
    from monitor.classify.rules.references import REFERENCE_READINGS

    patterns = {r.pattern for r in (*REFERENCE_READINGS, *AI_DEVELOPMENT_RULES)}
    inputs = ["Sections 1 (“" + "“a” " * 60000, "Sections 3 (“A”), 4 (“B”) and " * 10000,
              "we are changing how " + "x " * 150000,
              "AI machine learning analyse process your content data information " * 5000,
              "name address phone of the notifying party " * 7000,
              "the sections entitled [“a”](#a), " * 9000 + "[" * 20000]
    for text in inputs:
        started = time.perf_counter()
        for pattern in patterns:
            for _ in pattern.finditer(text):
                pass
        assert time.perf_counter() - started < 5, text[:40]
