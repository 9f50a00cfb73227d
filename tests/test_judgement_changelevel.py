"""Change-level judgement: harms that reach a change even where the old text already had a
clause of the same category (a new recipient, a new kind of data, a dropped condition, a
longer period), and guards that a clause merely reworded stays no change. Each case is a
whole old and new text run through `assess_change`, on our own wording."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier

PREAMBLE = ("This privacy policy explains how Example handles information about the people who use the Example "
            "service and the choices they have.")
CLOSING = "You can contact our privacy team by email with any question about this policy."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def change(old_paragraph: str, new_paragraph: str, classifier, *, kind: str = "modified", elsewhere: str = ""):
    """One hunk replacing ``old_paragraph`` by ``new_paragraph`` in a short policy that also
    says ``elsewhere`` (unchanged)."""
    def text(paragraph):
        return "\n\n".join(p for p in (PREAMBLE, elsewhere, paragraph, CLOSING) if p)
    hunk = {"kind": kind, "section": "Sharing", "old": old_paragraph, "new": new_paragraph, "substantive": True}
    return assess_change([hunk], text(old_paragraph), text(new_paragraph), classifier=classifier)


# --- a new recipient or a new kind of data is a new harm ---------------------------------------

def test_sharing_with_a_new_kind_of_recipient_is_worse_though_the_old_text_already_shared(classifier):
    elsewhere = "We may share your personal information with our service providers."
    new = "We may share your personal information with our advertising partners."
    assessment = change("", new, classifier, kind="added", elsewhere=elsewhere)
    assert assessment.direction == "worse"
    assert "data_sharing" in assessment.categories


def test_an_added_clause_collecting_a_new_kind_of_data_is_worse_though_a_similar_one_existed(classifier):
    elsewhere = "If voice features are available in your area and you choose to use them, we collect and process voice data."
    new = "If chat is available in your area and you choose to use it, we collect and process message data."
    assessment = change("", new, classifier, kind="added", elsewhere=elsewhere)
    assert assessment.direction == "worse"
    assert "data_collection" in assessment.categories


def test_an_added_clause_restating_the_same_recipient_in_other_words_is_no_change(classifier):
    elsewhere = "We may share your personal information with our advertising partners."
    new = "Your personal information may be shared with our advertising partners."
    assessment = change("", new, classifier, kind="added", elsewhere=elsewhere)
    assert assessment.direction == "neutral"


def test_the_same_sharing_clause_reworded_with_the_same_recipient_is_no_change(classifier):
    old = "We share your personal information with service providers who help us run the service."
    new = "We may share personal information with the service providers that help us operate the service."
    assert change(old, new, classifier).direction == "neutral"


def test_an_unrelated_sentence_added_to_a_privacy_policy_is_no_harm(classifier):
    old = "We share your personal information with service providers who help us run the service."
    new = old + " Our offices are closed on public holidays, and replies may then take a little longer."
    assert change(old, new, classifier).direction == "neutral"


# --- a promise that promises less --------------------------------------------------------------

def test_a_promise_to_delete_data_that_waits_longer_is_worse(classifier):
    old = "If you close your account, we delete your personal data within 30 days."
    new = "If you close your account, we delete your personal data within 90 days."
    assessment = change(old, new, classifier)
    assert assessment.direction == "worse"
    assert "data_retention" in assessment.categories


def test_an_account_deleted_after_a_longer_inactivity_keeps_data_longer(classifier):
    old = "If you stay inactive for 6 months, we delete your account and all the data it holds."
    new = "If you stay inactive for 18 months, we delete your account and all the data it holds."
    assessment = change(old, new, classifier)
    assert (assessment.direction, assessment.categories) == ("worse", ["data_retention"])


def test_a_promise_to_delete_data_sooner_is_better(classifier):
    old = "If you close your account, we delete your personal data within 90 days."
    new = "If you close your account, we delete your personal data within 30 days."
    assert change(old, new, classifier).direction == "better"


def test_a_promise_that_gains_an_exception_promises_less(classifier):
    old = "If you close your account, we delete your personal data within 30 days."
    new = "If you close your account, we delete your personal data within 30 days, unless the law requires otherwise."
    assessment = change(old, new, classifier)
    assert (assessment.direction, assessment.categories) == ("worse", ["data_retention"])


def test_a_deletion_promise_reworded_with_the_same_period_is_no_change(classifier):
    old = "If you close your account, we delete your personal data within 30 days."
    new = "When you close your account, we erase your personal data within 30 days."
    assert change(old, new, classifier).direction == "neutral"


# --- in the balance, a clause that only lost words weighs less than a clear change ------------

SHRUNK = {"kind": "modified", "section": "Sharing",
          "old": "We share your contacts, photos and purchase history with our service providers, who process them on our behalf.",
          "new": "We share your contacts with our service providers, who process them on our behalf.",
          "substantive": True}


def assess_hunks(hunks, classifier):
    old = "\n\n".join([PREAMBLE] + [h["old"] for h in hunks if h["old"]] + [CLOSING])
    new = "\n\n".join([PREAMBLE] + [h["new"] for h in hunks if h["new"]] + [CLOSING])
    return assess_change(hunks, old, new, classifier=classifier)


def test_a_clause_that_only_lost_words_does_not_outweigh_a_harm_that_appears(classifier):
    added = {"kind": "added", "section": "Retention", "old": "",
             "new": "We keep your list of contacts until you ask us to remove it.", "substantive": True}
    assessment = assess_hunks([SHRUNK, added], classifier)
    assert (assessment.direction, assessment.categories) == ("worse", ["data_retention"])


def test_a_clause_that_only_lost_words_still_decides_alone(classifier):
    assessment = assess_hunks([SHRUNK], classifier)
    assert (assessment.direction, assessment.severity) == ("better", 2)


# --- a promise removed is kept only if still made for the same data ---------------------------

def test_an_opt_out_removed_is_a_loss_though_another_opt_out_remains_for_other_data(classifier):
    elsewhere = "You may opt out of receiving our marketing emails at any time."
    old = "You may opt out of our use of your demographic information at any time."
    assessment = change(old, "", classifier, kind="removed", elsewhere=elsewhere)
    assert (assessment.direction, assessment.categories) == ("worse", ["user_rights"])


def test_an_opt_out_removed_but_still_made_elsewhere_for_the_same_data_is_no_loss(classifier):
    elsewhere = "You may opt out of our use of your demographic information at any time."
    old = "You can opt out of the use of your demographic information whenever you like."
    assert change(old, "", classifier, kind="removed", elsewhere=elsewhere).direction == "neutral"


# --- a rename is neither growth nor shrinkage ---------------------------------------------------

def test_a_company_name_shortened_in_a_harm_clause_is_no_change(classifier):
    old = "You and Example Holdings Limited consent to the exclusive jurisdiction of the courts of Dublin."
    new = "You and Example consent to the exclusive jurisdiction of the courts of Dublin."
    assert change(old, new, classifier).direction == "neutral"


def test_a_named_company_added_as_a_recipient_still_widens_the_clause(classifier):
    old = "We may share information about your device with other companies."
    new = "We may share information about your device with other companies, including Contoso Corporation."
    assert change(old, new, classifier).direction == "worse"


def test_a_harm_clause_that_drops_a_qualifier_of_its_data_does_not_shrink(classifier):
    old = "We share information about your activity with our service providers, who process it on our behalf."
    new = "We share your information with our service providers, who process it on our behalf."
    assert change(old, new, classifier).direction == "neutral"


# --- a harm no longer limited to the users who opt in -------------------------------------------

def test_sharing_no_longer_limited_to_subscribers_of_a_plan_is_worse(classifier):
    old = "If you subscribe to our ad-supported plan, we share certain personal information with advertising partners."
    new = "We share certain personal information with advertising partners."
    assessment = change(old, new, classifier)
    assert assessment.direction == "worse"
    assert "data_sharing" in assessment.categories


def test_sharing_newly_limited_to_users_who_turn_a_feature_on_is_better(classifier):
    old = "We share certain personal information with advertising partners."
    new = "If you turn on ad personalisation, we share certain personal information with advertising partners."
    assert change(old, new, classifier).direction == "better"


# --- a promise that stays but covers more (or less) ----------------------------------------------

def test_a_promise_extended_from_a_few_sensitive_kinds_to_all_sensitive_data_is_better(classifier):
    old = "We do not use your religious views to show you ads."
    new = "We do not use sensitive information, such as your religious views or your health, to show you ads."
    assessment = change(old, new, classifier)
    assert assessment.direction == "better"
    assert "sensitive_data" in assessment.categories


def test_a_promise_extended_to_more_kinds_of_data_is_better(classifier):
    old = "We will not use your messages to show you ads."
    new = "We will not use your messages, your contacts or your location to show you ads."
    assessment = change(old, new, classifier)
    assert assessment.direction == "better"
    assert "advertising" in assessment.categories


def test_a_promise_narrowed_to_fewer_kinds_of_data_is_worse(classifier):
    old = "We will not use your messages, your contacts or your location to show you ads."
    new = "We will not use your messages to show you ads."
    assessment = change(old, new, classifier)
    assert assessment.direction == "worse"
    assert "advertising" in assessment.categories


def test_a_promise_restated_with_the_same_coverage_is_no_change(classifier):
    old = "We do not use your religious or political views to show you ads."
    new = "We never use your political or religious views to show you ads."
    assert change(old, new, classifier).direction == "neutral"
