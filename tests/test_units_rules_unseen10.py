"""Readings from a sixth pass over services outside the gold set (issue 13, `unseen10`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped rules and classifier, with guards (the plain harm keeps its reading) and the
change-level outcome it is for."""

from __future__ import annotations

from functools import partial

import pytest

from monitor.classify import assess_change
from monitor.classify.clauses import is_title

from clause_readings import read, hunk as section_hunk  # tests/clause_readings.py

hunk = partial(section_hunk, section="Privacy")  # these readings stand in a privacy policy


# --- the user's own handling of cookies and settings is no tracking by the service ---------------

USER_HANDLES_COOKIES = [
    "Should you clear your cookies, you will have to set your opt-out choice once more.",
    "Extensions exist for most browsers that help you keep your opt-out cookies after a clean-up.",
    "If you would rather refuse every cookie, you can change the settings of your web browser.",
    "You can also adjust your cookie preferences in the settings of the app.",
    "In some countries you may read more about the technologies on our pages, and provide or withdraw "
    "consent or change your cookie preferences, by opening the Cookie Choices panel.",
]


@pytest.mark.parametrize("sentence", USER_HANDLES_COOKIES)
def test_the_users_handling_of_cookies_is_no_tracking(sentence):
    result = read(sentence)
    assert "tracking" not in result.labels and "advertising" not in result.labels


SERVICE_STILL_TRACKS = [
    # the service's own act beside the user's control keeps its reading
    "We place cookies to recognise you on later visits, and you can change your settings.",
    "You can change your cookie settings, but we still follow your activity across other websites.",
    "If you refuse cookies, we will keep tracking your visits with device fingerprinting.",
]


@pytest.mark.parametrize("sentence", SERVICE_STILL_TRACKS)
def test_tracking_beside_the_users_control_stays(sentence):
    assert "tracking" in read(sentence).labels


def test_cookie_controls_added_change_nothing():
    hunks = [hunk("added", new="Should you clear your cookies, you will have to set your opt-out choice once more."),
             hunk("added", new="You can also adjust your cookie preferences in the settings of the app.")]
    assert assess_change(hunks).direction == "neutral"


# --- sharing stated as the condition of a safeguard is the safeguard ------------------------------

SAFEGUARDS = [
    "Should it happen that Acme shares personal data with a vendor of machine learning services, Acme "
    "will ensure that the vendor is under a contractual duty not to use the data to train its AI models.",
    "Where we disclose your information to processors, we require them to keep it confidential and to "
    "use it only on our instructions.",
    "In the event that we transfer your data to a subcontractor, we will make sure that it applies "
    "the same protections.",
]


@pytest.mark.parametrize("sentence", SAFEGUARDS)
def test_sharing_in_the_condition_of_a_safeguard_is_no_sharing(sentence):
    assert "data_sharing" not in read(sentence).labels


SHARING_STATED = [
    "We share your personal data with advertising partners to measure our campaigns.",
    # what follows the safeguard keeps its reading
    "Where we share your data with processors, we require them to keep it confidential, and we "
    "also share your personal data with advertising partners.",
]


@pytest.mark.parametrize("sentence", SHARING_STATED)
def test_sharing_stated_outright_stays(sentence):
    assert "data_sharing" in read(sentence).labels


def test_a_safeguard_added_for_ai_vendors_is_better():
    hunks = [hunk("added", new=SAFEGUARDS[0])]
    assert assess_change(hunks).direction == "better"


# --- a title names a topic and states no harm -----------------------------------------------------

@pytest.mark.parametrize("line", ["Nevada Consumer Privacy Profiling Disclosure.", "**Targeted Advertising Notice**",
                                  "Your Data Sharing Choices"])
def test_a_title_states_no_harm(line):
    assert is_title(line)
    assert read(line).labels == []


@pytest.mark.parametrize("line", [
    "We build profiles of you for this notice.",           # a sentence with a verb
    "PROFILING AND TARGETED ADVERTISING DISCLOSURE",        # all capitals: no title
    "Facebook Pixel and Google Analytics",                  # names tools, not a part of the document
])
def test_what_is_no_title(line):
    assert not is_title(line)


def test_a_title_beside_a_denial_leaves_the_denial():
    hunks = [hunk("added", new="Nevada Consumer Privacy Profiling Disclosure."),
             hunk("added", new="We do not engage in profiling of consumers in furtherance of decisions that "
                               "produce legal or similarly significant effects.")]
    assert assess_change(hunks).direction == "better"


# --- a new name given beside the old one is a rename ----------------------------------------------

def test_a_product_renamed_in_a_list_grows_no_harm():
    old = ("Inference Services means Acme Vision, Acme Speech, Acme Guard Agent, and Acme Translate, "
           "which infer your intent from your requests.")
    new = ("Inference Services means Acme Vision, Acme Speech, Acme Sentinel (including features previously "
           "named Acme Guard Agent), and Acme Translate, which infer your intent from your requests.")
    assert read(old).labels and read(new).labels
    assert assess_change([hunk("modified", old=old, new=new)]).direction == "neutral"


def test_a_list_that_gains_products_still_grows():
    old = "We infer your interests from Acme Vision and Acme Speech."
    new = "We infer your interests from Acme Vision, Acme Speech, Acme Mail, Acme Maps and Acme Shopping."
    assert assess_change([hunk("modified", old=old, new=new)]).direction == "worse"


# --- a right closed on one route only is the same right by another --------------------------------

ONE_ROUTE_CLOSED = [
    "Members with a running monthly plan will not be able to automatically close their account online.",
    "You cannot delete your account in the app; please write to our support team instead.",
]


@pytest.mark.parametrize("sentence", ONE_ROUTE_CLOSED)
def test_a_right_closed_on_one_route_is_no_right_taken(sentence):
    assert "user_rights" not in read(sentence).labels


RIGHT_REFUSED = [
    "You cannot delete your account.",
    "You will not be able to delete your data online or by any other means.",
]


@pytest.mark.parametrize("sentence", RIGHT_REFUSED)
def test_a_right_refused_outright_stays_a_harm(sentence):
    assert "user_rights" in read(sentence).labels


# --- hostile input: each new pattern stays fast on long, repetitive text --------------------------

def test_new_patterns_stay_fast_on_hostile_input():
    """Linear, not quadratic: each input reads in well under a second on an idle machine (a
    quadratic pattern would take minutes); the bound leaves room for a loaded one."""
    import time

    from monitor.classify.assess import _RENAMING
    from monitor.classify.rules.user_side import USER_SIDE_READINGS

    notes = ("The user's own handling", "Sharing stated as the condition", "A right closed on one route")
    patterns = {r.pattern for r in USER_SIDE_READINGS if r.note.startswith(notes)} | {_RENAMING}
    assert len(patterns) == 4  # the cookie reading is one pattern for two categories
    inputs = ["you can use " * 25000, "if you delete your cookies " * 12000,
              "where we share your data with a vendor " * 8000 + ", we ensure",
              "in case Acme shares " + "data " * 60000, "if we share, " * 25000,
              "you cannot " * 25000 + "online", "users will not be able to " * 12000,
              "you cannot delete your account " * 10000, "(formerly " * 30000]
    for text in inputs:
        started = time.perf_counter()
        for pattern in patterns:
            for _ in pattern.finditer(text):
                pass
        assert time.perf_counter() - started < 30, text[:40]
    started = time.perf_counter()
    is_title("A " * 150000)
    assert time.perf_counter() - started < 10
