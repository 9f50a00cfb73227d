"""A neutral reading cancels only the harm it covers (issue 13, engineer `neutralspan`).

A neutral reading (a ban on the user, a pointer to a section, a disclosure the law requires, a
choice offered before sharing) speaks for one party's words. Another party's act in another
part of the same clause ("..., and we may ...") keeps its own reading: the rules' hits there
stand, and the topic models read that part on its own. A neutral reading still cancels the harm
words inside what it covers. Tested on our own sentences through the shipped rules and
classifier, with the change-level outcome."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change
from monitor.classify.rules import find_rule_hits, parts_past_neutral_readings

from clause_readings import read, hunk  # tests/clause_readings.py


# --- another party's harm beside a neutral reading keeps its reading -----------------------------

NEUTRAL_THEN_ANOTHER_PARTYS_HARM = [
    # a ban on the user scraping (a training word of the ban), then the service training AI
    ("You must not crawl or scrape our apps, and we may use the recordings you upload to train our AI models.",
     "ai_training"),
    ("Members may not scrape the forum, but we may use the posts members write to train our AI models.",
     "ai_training"),
    # a choice offered before one act, then another act the choice does not reach
    ("We offer you an opt-out before we share your account details with partners, and we may also sell "
     "your account details to marketing firms.", "data_sale"),
    # a pointer to a section, then the service's own act
    ("You can read about our vendors in the Vendors section of this policy, and we may share your email "
     "address with advertising partners.", "data_sharing"),
    ("To find out more about cookies, see our Cookie Notice, and we may record the pages you visit on "
     "other websites.", "tracking"),
    ("You can read how ads work in the Advertising section below, and we may show you ads based on your "
     "location and interests.", "advertising"),
    ("You can read what we collect in the section below, and we may collect your contacts and precise "
     "location.", "data_collection"),
]


@pytest.mark.parametrize("sentence,category", NEUTRAL_THEN_ANOTHER_PARTYS_HARM)
def test_a_harm_in_another_part_of_the_clause_survives_a_neutral_reading(sentence, category):
    assert category in read(sentence).labels, read(sentence).labels


@pytest.mark.parametrize("sentence,category", NEUTRAL_THEN_ANOTHER_PARTYS_HARM)
def test_adding_a_harm_beside_a_neutral_reading_is_worse(sentence, category):
    a = assess_change([hunk("added", new=sentence)])
    assert a.direction == "worse" and category in a.categories, (a.direction, a.categories)


@pytest.mark.parametrize("sentence,category", NEUTRAL_THEN_ANOTHER_PARTYS_HARM)
def test_the_neutral_part_alone_states_no_harm(sentence, category):
    neutral_part = sentence.split(", and ")[0].split(", but ")[0] + "."
    assert category not in read(neutral_part).labels, (neutral_part, read(neutral_part).labels)


@pytest.mark.parametrize("sentence", [
    # the service's power to terminate after the user's own remedy or own right to leave
    "You can contest our decision to close your account, but we may terminate accounts at any time without notice.",
    "You may deactivate your profile whenever you like, and Example may suspend or terminate your account at its "
    "sole discretion.",
])
def test_a_termination_power_after_the_users_remedy_survives(sentence):
    assert "unilateral_termination" in read(sentence).labels, read(sentence).labels


def test_a_neutral_hit_ends_where_another_partys_act_begins():
    sentence = "You can read about our vendors in the Vendors section, and we may share your email address with partners."
    neutral = [h for h in find_rule_hits(sentence) if h.polarity == "neutral" and h.category == "data_sharing"]
    assert neutral and all(h.end <= sentence.index(", and we may") for h in neutral), neutral
    assert any(h.polarity == "harm" and h.category == "data_sharing" for h in find_rule_hits(sentence))


def test_the_parts_past_neutral_readings_are_another_partys_act():
    sentence = "To find out more about cookies, see our Cookie Notice, and we may follow you across websites."
    assert parts_past_neutral_readings(sentence, find_rule_hits(sentence)) == "and we may follow you across websites."
    pointer = "To find out more about cookies, see our Cookie Notice."
    assert parts_past_neutral_readings(pointer, find_rule_hits(pointer)) == ""


# --- protections and neutral readings still cancel the harm words they contain -------------------

@pytest.mark.parametrize("sentence,category", [
    ("We do not sell your personal data to data brokers.", "data_sale"),
    ("We never share your messages with advertisers or other third parties.", "data_sharing"),
    ("You may not scrape the app or use its lessons to train machine learning models.", "ai_training"),
    ("You may not use any part of the Services to build or train machine learning models, or to scrape content.",
     "ai_training"),
    ("You can learn about the companies we share data with in the Partners section below.", "data_sharing"),
    ("To find out more about how we use cookies to follow your visits, see our Cookie Notice.", "tracking"),
    ("The law requires us to share your tax records with the revenue authority.", "data_sharing"),
    ("We will give you an opt-out choice before we share your data with third parties.", "data_sharing"),
    ("You have the right to challenge our decision to suspend or terminate your account.", "unilateral_termination"),
    ("We will ask you to verify your identity before we track any request you make.", "tracking"),
])
def test_a_neutral_reading_or_protection_still_cancels_the_harm_it_covers(sentence, category):
    assert category not in read(sentence).labels, read(sentence).labels
    assert assess_change([hunk("added", new=sentence)]).direction != "worse"


# --- a note about the document's own edits, and a renamed opt-out link, state no practice --------

@pytest.mark.parametrize("note", [
    "_We have updated our March 3, 2024 Privacy Notice to_ _rename the cookie settings link in our footer._",
    "We have revised this Privacy Statement to describe the new cookie banner on example.com.",
])
def test_a_note_that_the_document_was_edited_is_no_practice(note):
    assert not read(note).labels, read(note).labels
    assert assess_change([hunk("added", new=note)]).direction == "neutral"


@pytest.mark.parametrize("old,new", [
    ("You may opt out of the sale of your data using the “Do Not Sell My Personal Information” link in our footer.",
     "You may opt out of the sale of your data using the “Your Privacy Choices” link in our footer."),
    # the link named in a clause that uses cookies: "Sell" in its old name widened nothing
    ("We use cookies to measure visits, and you can change your cookie preferences with the “Cookie Preferences” "
     "or “Do Not Sell or Share My Personal Information” links in our footer.",
     "We use cookies to measure visits, and you can change your cookie preferences with the “Cookie Preferences” "
     "link (or, in the United States, the “Your Privacy Choices” link) in our footer."),
])
def test_an_opt_out_link_renamed_takes_no_right_away(old, new):
    a = assess_change([hunk("modified", old=old, new=new)])
    assert a.direction == "neutral", (a.direction, a.categories, a.hunks)


def test_the_name_of_an_opt_out_link_denies_nothing_beside_it():
    # "Do Not Sell" names the link: the opt-out beside it stays a right, not a right withheld
    result = read("Besides our “Do Not Sell or Share My Data” link, if you do not want cookies used for ads, "
                  "you may opt out in your browser.")
    assert "user_rights" not in result.labels and "user_rights" in result.protections, result


def test_an_opt_out_right_removed_with_its_link_is_still_worse():
    a = assess_change([hunk("modified",
                            old="You may opt out of the sale of your data using the “Do Not Sell My Personal Information” link.",
                            new="Use the “Your Privacy Choices” link to manage cookies.")])
    assert a.direction == "worse" and "user_rights" in a.categories, (a.direction, a.categories)


@pytest.mark.parametrize("sentence,category", [
    ("We do not sell your personal information to anyone.", "data_sale"),
    ("We will not share your contacts with advertisers.", "data_sharing"),
])
def test_a_denial_outside_a_link_name_is_still_a_protection(sentence, category):
    assert category in read(sentence).protections, read(sentence).protections
