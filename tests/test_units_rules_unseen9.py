"""Readings from a fourth pass over services outside the gold set (issue 13, `unseen9`).
Each reading is one sentence in ``docs/taxonomy.md``; tested on our own sentences through the
shipped rules and classifier, with guards (the plain harm keeps its reading) and the
change-level outcome it is for."""

from __future__ import annotations

import pytest

from monitor.classify import assess_change
from monitor.classify.clauses import load_classifier


def read(sentence: str):
    return load_classifier().classify([sentence])[0]


def hunk(kind, old="", new="", section="Terms"):
    return {"kind": kind, "section": section, "old": old, "new": new, "substantive": True}


# --- a section named by its title states none of what its title names ---------------------------

SURVIVAL_BY_TITLES = [
    "Sections 2 (“Your Content”), 6 (“Disclaimers; Limitation of Liability”) and 9 (“Disputes; "
    "Waiver of Class Actions”) shall survive any termination of this agreement.",
    "The sections entitled [“No Warranties”](#warranty), [“Limitation of Liability”](#liability) and "
    "[“Class Action Waiver”](#class-action) remain in force after your account is closed.",
    "Nothing in the “Class Action Waiver” section applies to claims brought in small claims court.",
]


@pytest.mark.parametrize("sentence", SURVIVAL_BY_TITLES)
def test_titles_of_sections_state_no_waiver_nor_limitation(sentence):
    result = read(sentence)
    assert "class_action_waiver" not in result.labels
    assert "class action" not in " ".join(result.evidence.get("class_action_waiver", [])).lower()


STATED_AFTER_THE_TITLES = [
    # the clause goes on to state the waiver itself: that part keeps its reading
    "Sections 2 (“Your Content”) and 9 (“Disputes”) survive termination; you waive any right to "
    "bring or join a class action against us.",
    "You agree that you may bring claims only in your individual capacity and not as a plaintiff "
    "or class member in any purported class action.",
]


@pytest.mark.parametrize("sentence", STATED_AFTER_THE_TITLES)
def test_a_waiver_stated_beside_or_without_titles_stays(sentence):
    assert "class_action_waiver" in read(sentence).labels


def test_a_survival_list_narrowed_to_all_provisions_is_no_waiver_removed():
    # The list of surviving sections replaced by "all provisions survive": no class-action
    # waiver or limitation leaves the terms, so nothing gets better on their account.
    old = ("The provisions of these Terms intended to survive shall survive the termination of your account, "
           "including Sections 3 (“Your Content”), 6 (“Limitation of Liability”) and 11 (“Governing Law; "
           "Jurisdiction; Waiver of Class Actions”).")
    new = "The provisions of these Terms shall survive the termination of your account."
    assessment = assess_change([hunk("modified", old, new)], old_text=old, new_text=new)
    assert "class_action_waiver" not in assessment.categories
    assert assessment.direction != "better"


def test_a_waiver_removed_outright_is_still_better():
    old = "You waive any right to bring or participate in a class action against us."
    new = ""
    assessment = assess_change([hunk("removed", old, new)], old_text=old, new_text=new)
    assert assessment.direction == "better"
    assert "class_action_waiver" in assessment.categories
