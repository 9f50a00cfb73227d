"""Three plain readings (direction5): users who "will see ads" are shown ads, whatever the
sentence's subject; technology used "to gather information about" people collects it,
whatever the sentence names as its subject; and a way to opt out of targeted ads protects
users on advertising. Each is checked through the shipped classifier
(the rules must count without the topic gate), on our own sentences, with guards where the
same words state no harm; and one change of our own wording shows the reading decides a
direction that was neutral before."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.classify.stated import _sides
from monitor.diff import compare


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def reads(classifier, sentence: str, category: str) -> str:
    side = _sides(classifier.classify([sentence]), category)
    return "harm" if side.harm else "protection" if side.protection else "none"


@pytest.mark.parametrize("sentence", [
    "Although our plans are meant to be free of interruptions, on some occasions you may see advertisements during "
    "live broadcasts.",
    "On the basic plan you will see commercials before and during most episodes.",
])
def test_users_who_will_see_ads_are_shown_ads(classifier, sentence):
    assert reads(classifier, sentence, "advertising") == "harm"


@pytest.mark.parametrize("sentence", [
    "You will not see ads on the premium plan.",
    "If you opt out, you may still see ads, but they will not be based on your activity.",
])
def test_no_ads_or_an_opt_out_is_not_ads_shown(classifier, sentence):
    assert reads(classifier, sentence, "advertising") != "harm"


@pytest.mark.parametrize("sentence", [
    "Our shops may use cameras, sensors and other technology to gather information about your visit, such as the "
    "shelves you stop at.",
    "The doorbell uses its microphone to record audio from visitors when motion is detected.",
])
def test_technology_gathering_information_about_people_collects_it(classifier, sentence):
    assert reads(classifier, sentence, "data_collection") == "harm"


def test_helping_users_gather_their_own_notes_is_no_collection(classifier):
    assert reads(classifier, "Use folders to gather your notes in one place.", "data_collection") == "none"


def test_a_new_occasion_of_ads_makes_the_terms_worse(classifier):
    before = "These terms govern your membership of the Example streaming service and the plans we offer."
    after = "You can cancel your membership at any time from your account page."
    added = ("Although our plans are meant to be free of interruptions, on some occasions you may see advertisements "
             "during live broadcasts.")
    old, new = f"{before}\n\n{after}", f"{before}\n\n{added}\n\n{after}"
    a = assess_change(compare(old, new).to_json()["hunks"], old, new, classifier=classifier)
    assert (a.direction, a.categories) == ("worse", ["advertising"])


@pytest.mark.parametrize("sentence", [
    "Opt out of targeted advertising.",
    "You can opt out of personalised ads at any time in your privacy settings.",
])
def test_a_way_out_of_targeted_ads_protects_users_on_advertising(classifier, sentence):
    assert reads(classifier, sentence, "advertising") == "protection"


def test_no_way_out_of_targeted_ads_is_no_promise(classifier):
    sentence = "You cannot opt out of targeted advertising on the free plan."
    assert reads(classifier, sentence, "advertising") != "protection"
