"""Readings from a fourth pass over services outside the gold set (issue 13, `unseen8`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped classifier and ``assess_change``, with guards (a real harm of the same shape keeps its
reading)."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change

from clause_readings import hunk as _hunk


def hunk(kind, old="", new=""):
    return _hunk(kind, old, new, section="Privacy")


# --- tracking read by the topic model alone needs something followed, or a means ---------------

# Lines of a web page's own furniture that the topic model takes for tracking: they name no
# data and no way of following anyone.
PAGE_LINES = [
    "Please switch to a newer browser to view this website.",
    "Discover the newest views from our analysts and economists.",
]


@pytest.mark.parametrize("line", PAGE_LINES)
def test_a_page_line_that_names_nothing_followed_is_no_tracking_removed(line):
    a = assess_change([hunk("removed", old=line)])
    assert a.direction == "neutral", (line, a.direction, a.categories)


@pytest.mark.parametrize("line", PAGE_LINES)
def test_a_page_line_that_names_nothing_followed_is_no_tracking_added(line):
    a = assess_change([hunk("added", new=line)])
    assert a.direction == "neutral", (line, a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "We use cookies to follow what you do on this website.",
    "We track which pages you visit and the links you click.",
    "We record your browsing on this website and on partner sites.",
    # what was searched before shapes what is shown later
    "For example, if you search for bakeries while in Soho, we might show results for Soho in later searches.",
    # recognising one person across devices
    "In some apps we may also use technology that tries to recognise when different devices are used by the same user.",
    # a logged browser and operating system, named as such
    "* `Safari 17; iOS 17.1` is the browser and operating system being used.",
])
def test_tracking_that_names_what_is_followed_stays_a_harm(sentence):
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "worse" and "tracking" in a.categories, (a.direction, a.categories)


# --- a link's name quoted in a sentence promises nothing, as the link alone does ---------------

@pytest.mark.parametrize("old, new", [
    ("You may opt out of such sharing using our “Cookie Settings” or “Do Not Sell or Share My "
     "Personal Information” links on our homepage.",
     "You may opt out of such sharing using our “Cookie Settings” link (or, in the United States, "
     "the “Your Privacy Choices” link) on our homepage."),
    ("To opt out of the sale of your personal information, use the “Do Not Sell My Personal "
     "Information” link below.",
     "To opt out of the sale of your personal information, use the “Your Privacy Choices” link below."),
])
def test_a_quoted_link_renamed_is_no_promise_withdrawn(old, new):
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction == "neutral", (a.direction, a.categories)


def test_a_promise_beside_a_quoted_link_is_still_a_promise():
    old = "Click “Do Not Sell My Info” to opt out. We do not sell your personal information to data brokers."
    new = "Click “Your Privacy Choices” to opt out."
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction == "worse" and "data_sale" in a.categories, (a.direction, a.categories)


def test_a_promise_in_quotes_that_is_a_full_sentence_is_still_a_promise():
    # A quoted sentence is a statement, not a name: "We do not sell your personal information."
    old = "Our policy is simple: “We do not sell your personal information.”"
    a = assess_change([hunk("removed", old=old)])
    assert a.direction == "worse" and "data_sale" in a.categories, (a.direction, a.categories)


# --- the standard statements of the EU-US transfer frameworks state no practice ------------------

FRAMEWORK_STATEMENTS = [
    "Like every participant, Example may be required to disclose personal data it receives under the "
    "framework in response to lawful requests by public authorities, including to meet national "
    "security or law enforcement requirements.",
    "We are responsible for the processing of personal data we receive under the framework and "
    "subsequent transfers to third parties acting as agents on our behalf.",
    # the frameworks named in full, with their dots and commas
    "We may be required to disclose personal data we receive under the EU-U.S. DPF, the UK Extension "
    "to the EU-U.S. DPF, and the Swiss-U.S. DPF in response to lawful requests by public authorities.",
]


@pytest.mark.parametrize("sentence", FRAMEWORK_STATEMENTS)
@pytest.mark.parametrize("kind", ["added", "removed"])
def test_a_framework_statement_coming_or_going_is_no_change(sentence, kind):
    a = assess_change([hunk(kind, old=sentence if kind == "removed" else "", new=sentence if kind == "added" else "")])
    assert a.direction == "neutral", (a.direction, a.categories)


@pytest.mark.parametrize("sentence, category", [
    ("We may disclose your messages to public authorities in response to their requests, even without "
     "a court order.", "government_access"),
    ("We share your location history with our advertising partners.", "data_sharing"),
    ("We may transfer your personal data to third parties acting on their own behalf for marketing.", "data_sharing"),
])
def test_disclosures_beyond_the_framework_statement_stay_harms(sentence, category):
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "worse" and category in a.categories, (a.direction, a.categories)


# The framework statement ends at "authorities" (or its "including ... requirements"): an act of
# the service's own joined to it keeps its reading (review of int13).
@pytest.mark.parametrize("sentence, category", [
    ("We may be required to disclose personal information in response to lawful requests by public authorities, "
     "and we voluntarily provide user data to law enforcement agencies without a warrant when we believe it may "
     "assist an investigation.", "government_access"),
    ("We may be required to disclose personal information in response to lawful requests by public authorities, "
     "including to meet national security or law enforcement requirements, and we also share it with our "
     "advertising partners for their own marketing.", "data_sharing"),
    ("Example may be required to disclose personal data in response to lawful requests by public authorities, "
     "but it also hands account records to police officers who ask informally.", "government_access"),
])
def test_an_act_joined_to_the_framework_statement_keeps_its_reading(sentence, category):
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "worse" and category in a.categories, (a.direction, a.categories)


# --- the law of the user's country allowing them to contract is no chosen law --------------------

def test_capacity_under_the_users_own_law_is_no_choice_of_law():
    old = "You confirm that you are either at least 18 years old, or at least 13 years old with the consent of a parent."
    new = ("You confirm that you are either at least 18 years old, or the law of your country allows you to "
           "accept these terms, or you have the consent of a parent.")
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction == "neutral", (a.direction, a.categories)


def test_the_law_of_the_users_country_governing_the_terms_is_still_a_protection():
    a = assess_change([hunk("added", new="These terms are governed by the laws of your country of residence.")])
    assert a.direction == "better" and "choice_of_law" in a.categories, (a.direction, a.categories)
