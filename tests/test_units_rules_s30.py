"""Readings added in session 30 (issue 13), from the held-out samples `unseen45` and `unseen46`
after their first measure: a right of appeal worded "you may be able to appeal"; the same rights
said of a longer list of places (a state privacy law added to the list). Each with its guards.
Real diff, real classifier."""

from __future__ import annotations

import pytest

from monitor.classify.clauses import load_classifier
from monitor.classify.rights import places_listed

from clause_readings import assessed_paragraphs, read  # tests/clause_readings.py

_POLICY = [
    "# Privacy Policy",
    "We collect the information you give us when you create an account, such as your name and email address.",
    "We use your information to provide and improve the service.",
]


def _assessed(old: list[str], new: list[str]):
    """The assessment of the policy + ``old`` changed to the policy + ``new``."""
    return assessed_paragraphs(_POLICY + old, _POLICY + new, load_classifier())


def _inserted_midway(page: list[str], section: list[str]):
    """The assessment of ``section`` inserted in the middle of ``page``."""
    middle = len(page) // 2
    return assessed_paragraphs(page, page[:middle] + section + page[middle:], load_classifier())


def _appeal(places: str) -> str:
    return (f"If you are a resident of {places}, USA, if we deny your privacy request, you may be able to appeal by "
            "[contacting us](https://help.example/requests), and explicitly referencing “Privacy Request Appeal.”")


# --- "you may be able to appeal" (Tinder, July 2024) ---

def test_may_be_able_to_appeal_is_a_right():
    assert "user_rights" in read("If we deny your request, you may be able to appeal by contacting us.").protections


def test_may_not_be_able_to_appeal_is_no_right():
    assert "user_rights" not in read("If we deny your request, you may not be able to appeal our decision.").protections


# --- the same rights said of more places, or fewer ---

def test_an_appeal_given_to_the_residents_of_more_states_is_better():
    old = [_appeal("Virginia, Colorado, or Connecticut")]
    new = [_appeal("Texas, Oregon, Montana, Virginia, Colorado, or Connecticut")]
    assessment = _assessed(old, new)
    assert assessment.direction == "better" and "user_rights" in assessment.categories


def test_the_same_rights_taken_from_the_residents_of_a_state_are_worse():
    old = ["Residents of Virginia, Montana and Colorado have a right to appeal our decision on a privacy "
           "rights request."]
    new = ["Residents of Virginia and Colorado have a right to appeal our decision on a privacy rights request."]
    assessment = _assessed(old, new)
    assert assessment.direction == "worse" and "user_rights" in assessment.categories


def test_a_list_of_places_split_in_two_sentences_takes_no_right_back():
    old = ["Residents of some jurisdictions (e.g., Virginia, Montana and Colorado) have a right to appeal "
           "our decision on a privacy rights request."]
    new = ["Residents of some jurisdictions (e.g., Virginia and Montana) have a right to appeal our decision "
           "on a privacy rights request.",
           "Colorado residents also have the right to appeal our decision on a privacy request."]
    assert _assessed(old, new).direction == "neutral"


@pytest.mark.parametrize("old, new", [
    # the people a right leaves out, where data is stored, where offices are: no holders of the right
    ("All users may request deletion of their data, except residents of Texas and Florida.",
     "All users may request deletion of their data, except residents of Texas, Florida and Utah."),
    ("You may request access to your personal information, which we store on servers in Virginia and Oregon.",
     "You may request access to your personal information, which we store on servers in Virginia, Oregon and India."),
    ("You have the right to access your data; contact our offices in California and Texas.",
     "You have the right to access your data; contact our offices in California, Texas and Japan."),
])
def test_a_longer_list_of_places_that_do_not_hold_the_right_gives_none(old, new):
    for before, after in ((old, new), (new, old)):
        assert _assessed([before], [after]).direction == "neutral"


def test_the_same_states_in_another_order_are_no_change():
    old = [_appeal("Virginia, Colorado, or Connecticut")]
    new = [_appeal("Connecticut, Colorado, or Virginia")]
    assert _assessed(old, new).direction == "neutral"


@pytest.mark.parametrize("text, places", [
    ("Residents of some jurisdictions (e.g., Virginia, Montana and Colorado) have a right to appeal.",
     {"Virginia", "Montana", "Colorado"}),
    ("You have specific rights under state laws, including California, Colorado,\u00a0Connecticut and Utah privacy laws.",
     {"California", "Colorado", "Connecticut", "Utah"}),
    ("If you are a California resident, you have the right to know.", {"California"}),
    # one place in an address is no list, and names no residents
    ("You have the right to delete your data by writing to 1 Main St, Austin, Texas.", set()),
])
def test_places_listed(text, places):
    assert places_listed([text]) == places


# --- the rights of the GDPR's regions said of another place (Twitch, October 2020) ---

def test_rights_of_eea_residents_given_to_residents_of_brazil_too_are_better():
    old = ["Residents of the European Economic Area (“EEA”), can exercise certain data subject rights "
           "available to them under applicable data protection laws."]
    new = ["Residents of the European Economic Area (“EEA”) and residents of Brazil can exercise certain "
           "data subject rights available to them under applicable data protection laws."]
    assessment = _assessed(old, new)
    assert assessment.direction == "better" and "user_rights" in assessment.categories


def test_the_uk_named_beside_the_eu_is_no_new_reach():
    # the GDPR covered the UK before Brexit: a framework's recourse said of "EU, UK, and Swiss
    # individuals" reaches no one new (Bitwarden, April 2024, read neutral in unseen28)
    old = ["European Union and Swiss individuals have the possibility, under certain conditions, to "
           "invoke binding arbitration."]
    new = ["European Union, UK, and Swiss individuals have the possibility, under certain conditions, "
           "to invoke binding arbitration."]
    assert _assessed(old, new).direction == "neutral"


def test_residents_who_can_exercise_rights_is_a_right_but_an_unnamed_user_is_not_enough():
    assert "user_rights" in read("California residents can exercise certain privacy rights under state law.").protections
    assert "user_rights" not in read("Our users can exercise good judgement when sharing content.").protections


@pytest.mark.parametrize("text", [
    "If users in the UK fail to pay, the Company may exercise certain rights, including suspension of the account.",
    "Residents of China may exercise the following rights only if we agree.",
])
def test_the_service_s_rights_or_rights_at_its_will_are_no_rights_of_residents(text):
    assert "user_rights" not in read(text).protections


# --- a new product's terms compiled among the others' (pixiv, April 2024) ---

def _instrument(title: str, subject: str) -> list[str]:
    """A product's own terms: a title, then some 2,400 characters of articles."""
    return [f"# {title}"] + [
        f"## Article {i}\n\nThe User shall use {subject} in accordance with these terms, and the Company may suspend "
        f"{subject} for a User who breaches Article {i} after notice by email to the address registered." for i in range(1, 13)]


_COMPILATION = (_instrument("Service Master Terms of Use", "the Service") + _instrument("“Points” Terms of Use", "Points")
                + _instrument("“Comic” Terms of Use", "Comic") + _instrument("“Factory” Terms of Use", "Factory"))
_COIN = ["# “Coban” Individual Terms of Use",
         "## Article 1 No refund", "Cobans once purchased are not refunded for any reason, and the Company may change "
         "the price of Cobans at any time without notice.",
         "## Article 2 Invalidation", "The Company may terminate the use of Cobans of a User at its sole discretion.",
         "## Article 3 User Information", "The User must not sell User Information to a third party."]


def test_a_new_products_terms_compiled_between_the_others_are_neutral():
    assessment = _inserted_midway(_COMPILATION, _COIN)
    assert assessment.direction == "neutral"


def test_the_same_terms_inside_a_page_of_one_instrument_are_read():
    # one instrument on the page: a new section in its middle is the terms' own
    page = _instrument("Terms of Use", "the Service") * 2
    assessment = _inserted_midway(page, _COIN)
    assert assessment.direction == "worse"


def test_a_compiled_products_sale_of_data_is_still_worse():
    sale = ["# “Rewards” Terms of Use", "## Article 1 Data",
            "When you join Rewards, we sell your purchase history and precise location to data brokers."]
    assessment = _inserted_midway(_COMPILATION, sale)
    assert assessment.direction == "worse" and "data_sale" in assessment.categories


@pytest.mark.parametrize("heading, instrument", [
    ("“pixivcoban” Individual Terms of Use", True),
    ("FANBOX PRINT Terms of Use for Content Providers", True),
    ("Acme Rewards Program", True),
    # the terms' own parts: a number, an article or a qualifier is no name
    ("12. Terms of Use Changes", False),
    ("The Terms of Use for Arbitration", False),
    ("Our Terms of Service and Dispute Resolution", False),
    ("Supplemental Terms of Use for California Residents", False),
    ("5. Terms of Sale, Payments and Refunds", False),
    ("Arbitration Terms of Use", False),
])
def test_what_names_an_instrument_of_its_own(heading, instrument):
    from monitor.classify.feature_terms import _names_an_instrument

    assert _names_an_instrument(heading) is instrument
