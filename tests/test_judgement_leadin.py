"""A diff hunk that holds only list items, read with its list's lead-in from the whole version.

The lead-in ("You may not use the Services:", "We do not:") stays unchanged outside the hunk;
the items alone ("to collect biometric data ...") would read as things the service does. Each
case is two versions of our own short text, diffed by the real engine and judged by
`assess_change` with the real classifier.
"""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.classify.reading import clauses_in_context, forbids_user_lead_in
from monitor.diff import compare

PREAMBLE = "These terms govern your use of the Example services. Please read them carefully before you use them."
CLOSING = "If you have any question about these terms, you can contact our support team by email."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def versions(lead_in: str, old_items: list[str], new_items: list[str]) -> tuple[str, str]:
    def text(items):
        return "\n\n".join([PREAMBLE, lead_in, "\n".join(f"*   {item}" for item in items), CLOSING])
    return text(old_items), text(new_items)


def judged(lead_in: str, old_items: list[str], new_items: list[str], classifier):
    old, new = versions(lead_in, old_items, new_items)
    change = compare(old, new)
    substantive = [h for h in change.hunks if h.substantive]
    # the point of these cases: the lead-in is not in any changed hunk
    assert substantive and all(lead_in not in h.old + h.new for h in substantive)
    return assess_change(change.hunks, old, new, classifier=classifier)


BIOMETRIC = "to collect biometric data, such as face scans or fingerprints, from other people without their consent;"


def test_a_use_the_user_is_newly_forbidden_is_no_harm_of_the_service(classifier):
    old_items = ["to send spam or other unsolicited messages to other users;",
                 "to break the law or help others break it;"]
    assessment = judged("You may not use the Services:", old_items, old_items + [BIOMETRIC], classifier)
    assert assessment.direction != "worse", assessment.categories
    assert "sensitive_data" not in assessment.categories


def test_a_forbidden_kind_of_tracking_is_no_tracking_by_the_service(classifier):
    old_items = ["to send spam or other unsolicited messages to other users;"]
    new_items = old_items + ["to track people across websites and apps to build advertising profiles of them;"]
    assessment = judged("You may not use the Services:", old_items, new_items, classifier)
    assert assessment.direction != "worse"
    assert not {"tracking", "advertising"} & set(assessment.categories)


def test_you_agree_that_you_will_not_forbids_the_user_too(classifier):
    assessment = judged("You agree that you will not use the Services:", ["to send spam;"],
                        ["to send spam;", BIOMETRIC], classifier)
    assert assessment.direction != "worse"
    assert forbids_user_lead_in("You agree that you will not use the Services")
    assert not forbids_user_lead_in("We will not share your data with:")
    assert not forbids_user_lead_in("You will not be charged for:")


def test_an_item_forbidden_far_from_its_lead_ins_prohibition_is_no_harm_of_the_service(classifier):
    # The prohibition stands far before the item, where the rules' harm words ("biometric
    # data ... infer their race") would otherwise decide.
    lead_in = ("In addition to following the rules above, you agree that you will not use the AI features, "
               "including features that make decisions or act on their own or with some human review:")
    item = ("Based on their biometric data, to sort people into groups or to infer their race, political "
            "opinions, religious beliefs or sexual orientation, except for labelling lawfully acquired biometric "
            "datasets;")
    assessment = judged(lead_in, ["to send spam;"], ["to send spam;", item], classifier)
    assert assessment.direction != "worse", assessment.categories


def test_a_new_item_under_a_lead_in_that_threatens_termination_terminates_nothing_new(classifier):
    lead_in = ("You may not do any of the following; doing so may result in us terminating or suspending your "
               "access to the Services:")
    assessment = judged(lead_in, ["send spam to other users;"],
                        ["send spam to other users;",
                         "use the Services in any manner that could damage, disable or overburden them;"], classifier)
    assert assessment.direction == "neutral", (assessment.direction, assessment.categories)


def test_something_the_service_newly_says_it_does_not_do_is_better(classifier):
    assessment = judged("We do not:", ["rent your email address to anyone;"],
                        ["rent your email address to anyone;",
                         "sell your personal information to data brokers or advertisers;"], classifier)
    assert assessment.direction == "better"
    assert "data_sale" in assessment.categories


def test_a_harm_the_lead_in_states_is_not_the_items_harm(classifier):
    # A guard: the lead-in threatens termination; an item reworded under it, read with the
    # lead-in, terminates nothing new (the lead-in did not change).
    lead_in = ("You may not do any of the following, and doing so may result in us suspending or terminating "
               "your account:")
    assessment = judged(lead_in, ["send spam to other users;",
                                  "You will not use the Services in a way that could disable our servers;"],
                        ["send spam to other users;", "use the Services in a way that could disable our servers;"],
                        classifier)
    assert assessment.direction == "neutral", (assessment.direction, assessment.categories)


# --- guards: a lead-in that does not negate leaves its items' harms alone ----------------------

def test_a_new_recipient_under_we_may_share_with_is_still_worse(classifier):
    assessment = judged("We may share your personal data with:", ["our payment processors;"],
                        ["our payment processors;", "advertising partners who use it to show you targeted ads;"],
                        classifier)
    assert assessment.direction == "worse"
    assert "advertising" in assessment.categories


def test_an_item_is_read_with_its_lead_in_only_where_it_stands_under_it_alone():
    whole = "You may not:\n\n*   sell your data;\n\nWe may:\n\n*   keep your photos;\n\n*   keep your photos;\n"
    assert clauses_in_context("*   sell your data;", whole) == [("You may not sell your data;", "You may not")]
    # the same words standing under a lead-in and alone elsewhere: read as they are
    ambiguous = whole + "\nYou may not:\n\n*   keep your photos;\n"
    assert clauses_in_context("*   keep your photos;", ambiguous) == [("keep your photos;", None)]
    assert clauses_in_context("*   sell your data;", None) == [("sell your data;", None)]
