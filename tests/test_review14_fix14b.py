"""Wrong answers the review of int14 found (issue 13, fix14b): each on the reviewer's sentence
and one of our own wording."""

from __future__ import annotations

from functools import partial
import time

import pytest

from monitor.classify import assess_change
from clause_readings import read, hunk as section_hunk  # tests/clause_readings.py

hunk = partial(section_hunk, section="Privacy")  # these readings stand in a privacy policy


def assess(kind, old="", new=""):
    return assess_change([hunk(kind, old, new)], old_text=old, new_text=new)


# --- 5: a cut part that limited the remaining act is a lost limit -------------------------------

@pytest.mark.parametrize("old, new, category", [
    ("We may sell your personal information to data brokers, but only if you have opted in.",
     "We may sell your personal information to data brokers.", "data_sale"),
    ("We share your data with advertisers, and we do so only with your express consent.",
     "We share your data with advertisers.", "data_sharing"),
    ("We may disclose your contact details to marketing partners, and only where you have agreed to it.",
     "We may disclose your contact details to marketing partners.", "data_sharing"),
])
def test_a_limit_cut_with_the_part_that_only_limits_is_lost(old, new, category):
    result = assess("modified", old, new)
    assert result.direction == "worse" and category in result.categories


def test_a_part_with_an_act_of_its_own_takes_only_its_own_limit():
    # the opt-in limited the sharing, which went with it; the collection that remains was never
    # opt-in, so it did not widen (the service being the subject of both acts changes nothing)
    result = assess("modified",
                    "We collect your email address, and we may share it with partners only if you opt in.",
                    "We collect your email address.")
    assert result.direction == "better"


# --- 4: consent asked for one part governs only that part ---------------------------------------

@pytest.mark.parametrize("old, new", [
    ("Where required, we obtain your consent before placing optional cookies.",
     "Where required, we obtain your consent before placing optional cookies; elsewhere we place "
     "advertising cookies that track you across websites without asking."),
    ("Where required, we obtain your consent before placing optional cookies.",
     "Where required, we obtain your consent before placing optional cookies, and we use device "
     "fingerprinting to track you across websites."),
])
def test_consent_asked_for_one_part_does_not_cover_another(old, new):
    result = assess("modified", old, new)
    assert result.direction == "worse" and "tracking" in result.categories


def test_consent_asked_before_a_list_of_exceptions_covers_the_list():
    # the ";" between the items of one list ends no part: consent still governs the cookies
    from monitor.classify.stated import _asks_consent_for_all
    assert _asks_consent_for_all("Where required, we obtain your consent before placing optional cookies "
                                 "that are not (i) strictly necessary to provide the site; or (ii) for the "
                                 "purpose of a communication.")
    assert not _asks_consent_for_all("Where required, we obtain your consent before placing optional cookies; "
                                     "elsewhere we place advertising cookies.")


# --- 8: the user's cookie control ends at the comma closing its condition -----------------------

@pytest.mark.parametrize("sentence, category", [
    ("If you block cookies, our advertising partners will continue to recognise your device using "
     "your IP address to show you ads.", "advertising"),
    ("If you clear your cookies, we continue to recognise your device through device fingerprinting.",
     "tracking"),
    ("If you disable cookies in your browser, our partners will keep identifying your device with "
     "fingerprinting to target ads.", "tracking"),
])
def test_an_act_after_the_users_cookie_condition_keeps_its_reading(sentence, category):
    result = assess("added", new=sentence)
    assert result.direction == "worse" and category in result.categories


# --- 9: no second route when the other route is closed too -------------------------------------

@pytest.mark.parametrize("sentence", [
    "You cannot delete your data yourself or by contacting customer support.",
    "You cannot close your account online or by writing to us.",
])
def test_a_right_closed_on_both_routes_stays_a_harm(sentence):
    assert "user_rights" in read(sentence).labels


def test_a_right_closed_online_with_a_route_by_email_or_phone_is_no_harm():
    sentence = "You cannot delete your account in the app; please contact us by email or by phone."
    assert "user_rights" not in read(sentence).labels


# --- 13: the safeguard reading only for processors, service providers, vendors ------------------

@pytest.mark.parametrize("sentence", [
    "When we share your precise location with our advertising partners, we require them to keep it "
    "confidential.",
    "Where we share your contact details with our marketing partners, we require them to honour your choices.",
])
def test_sharing_with_others_than_processors_under_a_safeguard_stays(sentence):
    assert "data_sharing" in read(sentence).labels


# --- 11: a forum clause naming a controversy, a county ------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Any controversy arising out of these Terms shall be heard exclusively in Santa Clara County, California.",
    "Any disagreement arising from these Terms shall be settled exclusively in Travis County, Texas.",
])
def test_a_forum_named_by_its_county_is_jurisdiction(sentence):
    assert "jurisdiction" in assess("added", new=sentence).categories


# --- the coordinated-part pattern stays linear on whitespace runs -------------------------------

def test_coordinated_part_is_linear_on_whitespace():
    from monitor.classify.stated import _COORDINATED_PART
    started = time.perf_counter()
    _COORDINATED_PART.search(" " * 50000 + "x")
    assert time.perf_counter() - started < 2
