"""Review 12 (`fix12`): counter-examples to the scope of the neutral readings, the notice of a
coming change, the will→may rule and the single-category readings. Each case is the reviewer's
sentence plus a variant of our own wording, assessed through the real diff and the shipped
classifier (`assess_change(compare(old, new)...)`)."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change, load_classifier
from monitor.diff import compare

INTRO = "This privacy policy explains how Example handles information about the people who use the Example app."
CLOSING = "You can write to our privacy team with any question about this policy."
PLAIN = "You can contact support with questions."


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def assessed(old: str, new: str, classifier):
    old, new = f"{INTRO}\n\n{old}\n\n{CLOSING}", f"{INTRO}\n\n{new}\n\n{CLOSING}"
    return assess_change(compare(old, new).to_json()["hunks"], old, new, classifier=classifier)


# --- a neutral reading ends where another party's act begins (items 1, 2, 7) -------------------

@pytest.mark.parametrize("sentence", [
    "You can appeal a suspension through the help centre, but Example may terminate your account at any time "
    "for any reason without notice.",
    "You may appeal our decision, though we may terminate your account at any time without notice.",
    "You may ask for a review of our decision, although Acme reserves the right to terminate your account "
    "at any time without notice.",
    "You may delete your account at any time, and the Company may terminate your access for any reason without notice.",
    "You may close your account at any time, and Example may also suspend or terminate it at any time without notice.",
    "You can cancel your membership whenever you like, whereas the service can terminate your account at any time "
    "without notice.",
])
def test_a_termination_power_after_the_users_remedy_or_exit_stays_a_harm(sentence, classifier):
    a = assessed(PLAIN, sentence, classifier)
    assert a.direction == "worse" and "unilateral_termination" in a.categories, (a.direction, a.categories)


@pytest.mark.parametrize("sentence", [
    "If you run ads with us, Example may use your personal data to show you targeted ads across other websites.",
    "If you buy advertising on Acme, Acme will use your browsing history to show you personalised ads.",
])
def test_the_services_targeting_after_the_user_as_advertiser_stays_advertising(sentence, classifier):
    a = assessed(PLAIN, sentence, classifier)
    assert a.direction == "worse" and "advertising" in a.categories, (a.direction, a.categories)


# --- the burden-of-proof reading ends before a cap that follows (item 6) ------------------------

@pytest.mark.parametrize("sentence", [
    "You are liable for all charges on your account unless you prove that you are not responsible for them, "
    "and in no event will Example be liable for more than $10.",
    "Example remains liable unless it proves that it is not responsible for the damage, but under no circumstances "
    "will Example be liable for more than the fees you paid in the last month.",
])
def test_a_cap_after_the_burden_of_proof_stays_a_limitation(sentence, classifier):
    a = assessed(PLAIN, sentence, classifier)
    assert a.direction == "worse" and "limitation_of_liability" in a.categories, (a.direction, a.categories)


# --- an announced change counts once; only a notice about the document is a notice (3, 4) -------

BODY = [
    "Welcome to Example Video. These terms govern your use of the Example Video service.",
    "Who may use the service. You must be at least 13 years old to use the service.",
    "Your content. You keep the ownership of the videos you upload to the service.",
    "Acceptable use. You must not upload videos that break the law or the rights of others.",
    "Contact. You can write to our support team with any question about these terms.",
]
SHARING = ["We may share your viewing history and contact details with advertising partners to show you targeted ads.",
           "These terms do not entitle you to any share of that money."]
NOTICE = "On 1 June 2031 we will update these terms to explain how we earn money from your videos:"


def paragraphs(old: list[str], new: list[str], classifier):
    old_text, new_text = "\n\n".join(old), "\n\n".join(new)
    return assess_change(compare(old_text, new_text).to_json()["hunks"], old_text, new_text, classifier=classifier)


def harms_counted(history: list[list[str]], classifier) -> list[str]:
    """The categories judged worse over each change of a history, in order."""
    counted = []
    for old, new in zip(history, history[1:]):
        a = paragraphs(old, new, classifier)
        counted += a.categories if a.direction == "worse" else []
    return counted


@pytest.mark.parametrize("notice", [
    NOTICE,
    "From 1 March 2032 the changes below will take effect; we will revise our Terms of Service as follows:",
])
def test_an_announced_clause_is_judged_once_over_announcement_and_taking_effect(notice, classifier):
    in_force = BODY[:3] + SHARING + BODY[3:]
    announced = paragraphs(BODY, [notice, *SHARING, *BODY], classifier)
    took_effect = paragraphs([notice, *SHARING, *BODY], in_force, classifier)
    # the notice and its clauses are not yet terms: nothing binds at the announcement
    assert announced.direction == "neutral", (announced.direction, announced.categories)
    # they bind when the notice goes: judged there, once
    assert took_effect.direction == "worse" and "data_sharing" in took_effect.categories
    assert harms_counted([BODY, [notice, *SHARING, *BODY], in_force], classifier).count("data_sharing") == 1


def test_a_clause_added_without_a_notice_is_judged_when_added(classifier):
    a = paragraphs(BODY, [*SHARING, *BODY], classifier)
    assert a.direction == "worse" and "data_sharing" in a.categories


@pytest.mark.parametrize("removed", [
    "Account settings. We will update your email address when you ask us to.",
    "Your profile. We will change your display name within a day of your request.",
])
def test_a_promise_to_update_the_users_details_is_no_notice_of_coming_change(removed, classifier):
    a = paragraphs([removed, *SHARING, *BODY], BODY[:3] + SHARING + BODY[3:], classifier)
    assert a.direction != "worse", (a.direction, a.categories)


# --- "will" → "may" is a promise loosened only for something done for the user (item 5) --------

@pytest.mark.parametrize("firm, loose", [
    ("We will send you marketing emails about our partners' products.",
     "We may send you marketing emails about our partners' products."),
    ("We will ask you to pay a cancellation fee.", "We may ask you to pay a cancellation fee."),
    ("We will give users' information to our advertising partners.",
     "We may give users' information to our advertising partners."),
    ("Acme will offer you sponsored products from its partners when you shop.",
     "Acme may offer you sponsored products from its partners when you shop."),
])
def test_a_burden_or_harm_turned_from_will_to_may_is_no_promise_taken_back(firm, loose, classifier):
    a = assessed(firm, loose, classifier)
    assert a.direction != "worse", (a.direction, a.categories)


@pytest.mark.parametrize("firm, loose", [
    ("We will send you a copy of your data within 30 days of your request.",
     "We may send you a copy of your data within 30 days of your request."),
    ("Acme will let you know before your subscription renews.", "Acme may let you know before your subscription renews."),
])
def test_a_service_to_the_user_turned_from_will_to_may_stays_a_loss(firm, loose, classifier):
    a = assessed(firm, loose, classifier)
    assert a.direction == "worse", (a.direction, a.categories)


# --- single-category readings kept to the service's own act (items 8, 9, 10) ---------------------

def read(sentence: str, classifier):
    return classifier.classify([sentence])[0]


@pytest.mark.parametrize("sentence", [
    "We help publishers monetize the data on their websites.",
    "Our tools let app makers monetize the information on their own sites.",
])
def test_others_monetising_their_own_data_is_no_sale_by_the_service(sentence, classifier):
    assert "data_sale" not in read(sentence, classifier).labels
    assert assessed(PLAIN, sentence, classifier).direction != "worse"


@pytest.mark.parametrize("sentence", [
    "We may monetize your personal information.",
    "We monetize the information we collect through advertising partnerships.",
])
def test_the_service_monetising_users_data_stays_a_sale(sentence, classifier):
    assert "data_sale" in read(sentence, classifier).labels


@pytest.mark.parametrize("sentence", [
    "Developers may use the API to collect information about users of their apps.",
    "Third parties can use our software development kit to gather data about visitors to their websites.",
])
def test_others_collecting_with_the_services_tools_is_no_collection_by_the_service(sentence, classifier):
    assert "data_collection" not in read(sentence, classifier).labels


def test_the_services_own_technology_gathering_data_stays_collection(classifier):
    sentence = "Our stores may use cameras and sensors to gather information about your activity in the store."
    assert "data_collection" in read(sentence, classifier).labels


@pytest.mark.parametrize("sentence", [
    "The option to opt out of targeted advertising is not available in your region.",
    "Opting out of personalised ads is unavailable for accounts created through a partner.",
])
def test_an_opt_out_said_to_be_unavailable_protects_nothing_on_advertising(sentence, classifier):
    result = read(sentence, classifier)
    assert "advertising" not in result.protections and "user_rights" not in result.protections, result.protections
    assert assessed(PLAIN, sentence, classifier).direction != "better"


@pytest.mark.parametrize("sentence", [
    "We will complete law enforcement requests for account information within 5 days.",
    "We process government requests for user data within 7 days of receipt.",
])
def test_a_deadline_for_the_authorities_requests_is_no_user_right(sentence, classifier):
    assert "user_rights" not in read(sentence, classifier).protections


@pytest.mark.parametrize("shorter, longer", [
    ("We will respond to your request to access your data within 30 days.",
     "We will respond to your request to access your data within 90 days."),
    ("We answer each request about your personal information within 2 weeks.",
     "We answer each request about your personal information within 2 months."),
])
def test_a_longer_deadline_for_answering_data_requests_takes_part_of_the_right_back(shorter, longer, classifier):
    assert (assessed(shorter, longer, classifier).direction, assessed(shorter, longer, classifier).categories) \
        == ("worse", ["user_rights"])
    assert assessed(longer, shorter, classifier).direction == "better"


def test_the_same_deadline_in_other_units_is_no_change(classifier):
    a = assessed("We answer every request about your personal information within 1 month.",
                 "We answer every request about your personal information within 30 days.", classifier)
    assert a.direction == "neutral", (a.direction, a.categories)


@pytest.mark.parametrize("notice, is_notice", [
    ("The updated terms below will take effect on 1 June 2031:", True),
    ("These changes will come into force on 1 March 2032.", True),
    ("Settings. Your new privacy settings will take effect within 24 hours.", False),
    ("Account settings. We will update your email address when you ask us to.", False),
])
def test_a_notice_of_coming_change_is_about_the_document(notice, is_notice):
    from monitor.classify.took_effect import is_notice_of_coming_change
    assert is_notice_of_coming_change(notice) is is_notice
