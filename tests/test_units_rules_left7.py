"""Readings for the disagreements the unseen passes left (issue 13, engineer `left7`). Each
reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the shipped
rules and classifier, with guards (the plain reading stays) and the change-level outcome."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change
from monitor.classify.clauses import load_classifier


def read(sentence: str):
    return load_classifier().classify([sentence])[0]


def hunk(kind, old="", new=""):
    return {"kind": kind, "section": "Terms", "old": old, "new": new, "substantive": True}


# --- a statement of the user's duty ends where another party's act begins ------------------------

USERS_DUTY_THEN_SERVICES_ACT = [
    ("You may not use the Services to train models, and we may use your content to train our "
     "artificial intelligence models.", "ai_training"),
    ("Members must not copy the app's code to build AI tools, but we may use the photos members "
     "upload to train our machine learning models.", "ai_training"),
    ("You may not resell your subscription, and the Company may sell your personal information "
     "to data brokers.", "data_sale"),
    ("You agree not to share your password with anyone, but we may share your profile and "
     "contacts with advertising partners.", "data_sharing"),
    ("Users are not allowed to post unsolicited ads, while we may show personalised ads based "
     "on your activity.", "advertising"),
]


@pytest.mark.parametrize("sentence,category", USERS_DUTY_THEN_SERVICES_ACT)
def test_an_act_after_the_users_duty_keeps_its_reading(sentence, category):
    assert category in read(sentence).labels, read(sentence).labels


@pytest.mark.parametrize("sentence,category", USERS_DUTY_THEN_SERVICES_ACT)
def test_the_users_duty_alone_states_no_harm(sentence, category):
    duty = sentence.split(", and ")[0].split(", but ")[0].split(", while ")[0] + "."
    assert category not in read(duty).labels, (duty, read(duty).labels)


@pytest.mark.parametrize("sentence", [
    # the user's duty throughout, however long
    "You may not use the Services, or any content you obtain through them, to train, fine-tune or "
    "develop artificial intelligence models.",
    "You agree that You will not use our content to train AI models.",
    "You may not share your login with third parties or sell your account to other companies.",
])
def test_a_users_duty_throughout_stays_no_harm(sentence):
    labels = read(sentence).labels
    assert not {"ai_training", "data_sharing", "data_sale"} & set(labels), labels


def test_ai_training_added_after_a_users_duty_is_worse():
    old = "You may not use the Services to train models."
    new = "You may not use the Services to train models, and we may use your content to train our AI models."
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction == "worse" and "ai_training" in a.categories, (a.direction, a.categories)



# --- hostile input: the new readings stay linear on long clauses -----------------------------------

def test_reading_past_users_acts_costs_little_more_than_the_rule_alone():
    import time

    from monitor.classify.rules import RULES
    from monitor.classify.rules.matching import _matches, _matches_beyond_users_acts
    rule = next(r for r in RULES if r.user_acts is not None and r.category == "data_sharing")
    text = "You agree not to share your password. " + "We share your data with partners, you may not share it; " * 300
    started = time.perf_counter()
    alone = list(_matches(rule, text))
    middle = time.perf_counter()
    beyond = list(_matches_beyond_users_acts(rule, text))
    done = time.perf_counter()
    assert len(beyond) <= len(alone)
    assert done - middle < 3 * (middle - started) + 1
