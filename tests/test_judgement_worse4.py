"""Real changes judged in the wrong direction (issue 13, branch `worse4`), each reading on our
own wording:

- *A restated clause is the same clause whatever the number of its nouns*: "violations ... may
  result in suspensions ... of accounts" added where the old text said "a violation ... may
  result in a suspension ... of your account" is no new harm (`stated.singular`).
- *Government access needs data handed over*: "our products are not designed to carry
  emergency calls to law enforcement agencies" hands nothing to the authorities ("products" is
  no form of "produce")."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.classify.rules import find_rule_hits

PREAMBLE = "These terms govern your use of the Example games, forums and apps."
CLOSING = "You can contact our support team by email with any question about these terms."
OLD_TERMINATION = ("A breach of the community rule in the Example game may result in a suspension or a ban from "
                   "the game, or the closure of your Example account.")


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def added(paragraph: str, classifier, *, elsewhere: str):
    old = "\n\n".join((PREAMBLE, elsewhere, CLOSING))
    new = "\n\n".join((PREAMBLE, elsewhere, paragraph, CLOSING))
    hunks = [{"kind": "added", "section": "Conduct", "old": "", "new": paragraph, "substantive": True}]
    return assess_change(hunks, old, new, classifier=classifier)


def test_a_termination_restated_in_the_plural_is_no_new_harm(classifier):
    restated = ("Breaches of the community rules in the Example forums may result in suspensions or bans from "
                "the forums, or the closure of Example accounts.")
    assessment = added(restated, classifier, elsewhere=OLD_TERMINATION)
    assert "unilateral_termination" not in assessment.categories
    assert assessment.direction != "worse"


def test_a_new_termination_power_still_counts(classifier):
    # guard: a power the old text did not grant, in any number, is still a loss
    new_power = "We may close your Example account at any time, for any reason and without notice."
    assessment = added(new_power, classifier, elsewhere=OLD_TERMINATION)
    assert assessment.direction == "worse"
    assert "unilateral_termination" in assessment.categories


@pytest.mark.parametrize("sentence", [
    "Our apps and products are not designed to place emergency calls to hospitals, police stations or law "
    "enforcement agencies.",
    "Example products cannot be used to reach law enforcement in an emergency.",
])
def test_products_that_do_not_carry_emergency_calls_hand_nothing_to_the_authorities(sentence):
    assert "government_access" not in {h.category for h in find_rule_hits(sentence)}


@pytest.mark.parametrize("sentence", [
    "We may produce records to law enforcement in response to a subpoena.",
    "We share information with law enforcement when the law requires it.",
])
def test_data_produced_for_the_authorities_is_still_government_access(sentence):
    assert ("government_access", "harm") in {(h.category, h.polarity) for h in find_rule_hits(sentence)}


# --- run-in headings -------------------------------------------------------------------------
# "Label: Sentence." opening a paragraph: the label names the topic, as a heading does.

POLICY_PREAMBLE = "This policy explains how Example handles the information of the people who use Example."


def modified(old_paragraph: str, new_paragraph: str, classifier):
    old = "\n\n".join((POLICY_PREAMBLE, old_paragraph, CLOSING))
    new = "\n\n".join((POLICY_PREAMBLE, new_paragraph, CLOSING))
    hunks = [{"kind": "modified", "section": "Why we process", "old": old_paragraph, "new": new_paragraph,
              "substantive": True}]
    return assess_change(hunks, old, new, classifier=classifier)


def test_a_run_in_heading_dropped_is_no_harm_removed(classifier):
    sentence = "The type of third party and the information shared depend on what you ask us to share."
    assessment = modified("Sharing your contact information with third parties at your request: " + sentence,
                          sentence, classifier)
    assert assessment.direction == "neutral"


def test_a_lead_in_that_states_a_practice_is_no_heading(classifier):
    # guard: "We share ...:" has a subject and a verb; dropping it drops the practice it states
    item = "Advertising partners who show you ads on other websites."
    assessment = modified("We share your contact information with third parties for their own marketing: " + item,
                          item, classifier)
    assert assessment.direction == "better"
    assert "data_sharing" in assessment.categories


# --- data deleted as soon as an event has happened -------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Once your messages are delivered, they are deleted from our servers.",
    "Once your call ends, the recording is automatically deleted.",
    "Photos you send are erased as soon as the recipient has opened them.",
])
def test_data_deleted_once_an_event_happens_is_a_retention_promise(sentence):
    assert ("data_retention", "protection") in {(h.category, h.polarity) for h in find_rule_hits(sentence)}


@pytest.mark.parametrize("sentence", [
    "Once you are deleted from a group, you cannot see its messages.",
    "Once your account is deleted, copies of your information may remain in our backups.",
])
def test_no_deletion_promise_where_the_user_is_removed_or_copies_remain(sentence):
    assert ("data_retention", "protection") not in {(h.category, h.polarity) for h in find_rule_hits(sentence)}


def test_a_deletion_promise_added_is_no_new_retention(classifier):
    policy = "We use the messages you send only to deliver them to the people you choose."
    assessment = added("Once your messages are delivered, they are deleted from our servers.", classifier,
                       elsewhere=policy)
    assert assessment.direction != "worse"
