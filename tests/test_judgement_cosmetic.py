"""Cosmetic means cosmetic: edits that change words but no term (a pointer to another page, a
page element's label, a notice about the document's versions, a spelling or grammar fix, a
company renamed throughout, bullets inside table cells) are cosmetic changes on a real SQLite
store through every stage: no direction, no points, no alert. Edits that look alike but
change a term stay substantive."""

from __future__ import annotations

import json

import pytest

from monitor.export import export_data
from monitor.pipeline import process_new_records
from monitor.store import Store

BASE = "\n\n".join([
    "Privacy Policy", "=" * 14,
    "Example Corp Limited explains here how it handles the information of the people who use its service.",
    "We collect the information you give us when you create an account, such as your name and email address.",
    "We use that information only to provide the service to you and to keep your account secure.",
    "Example Corp Limited does not sell your personal information to anyone.",
    "You can delete your account at any time from the settings page, and we then erase your data.",
    "| Purpose | Legal basis |", "|---|---|", "| > *   Providing the service | > *   Performance of a contract |",
    "To learn more about your choices, [click here](https://example.test/choices).",
    "Questions about this policy can be sent to Example Corp Limited at the address below.",
])


@pytest.fixture
def doc(store: Store) -> int:
    return store.ensure_document("Example", "Example", "Privacy Policy", "https://example.test/privacy", {})


def change_after(store: Store, doc: int, new_text: str) -> dict:
    """Record BASE then ``new_text`` a month later, run every stage, and return the change
    as the export shows it."""
    store.record_version(doc, BASE, recorded_at="2024-01-01T00:00:00Z")
    store.record_version(doc, new_text, recorded_at="2024-02-01T00:00:00Z")
    process_new_records(store)
    service = next(s for s in export_data(store)["services"] if s["id"] == "Example")
    (document,) = service["documents"]
    (change,) = document["changes"]
    return change


COSMETIC_EDITS = {
    "a pointer sentence and a label added": BASE.replace(
        "Questions about this policy",
        "You can also watch our video about [your data](https://example.test/video).\n\nAccept All\n\n"
        "Questions about this policy"),
    "a notice pointing to the previous version": BASE.replace(
        "Questions about this policy",
        "You can view the previous Privacy Policy, which applies until 29 June 2024, "
        "[here](https://example.test/privacy/old).\n\nQuestions about this policy"),
    "the pointer sentence removed": BASE.replace(
        "To learn more about your choices, [click here](https://example.test/choices).\n\n", ""),
    "spelling and grammar": BASE.replace("We use that information only", "We use the information only")
                                .replace("it handles the information", "it handle the informations"),
    "the company renamed throughout": BASE.replace("Example Corp Limited", "Sample Platforms Limited"),
    "bullets inside table cells": BASE.replace("| > *   Providing the service | > *   Performance of a contract |",
                                               "| *   Providing the service | *   Performance of a contract |"),
}


@pytest.mark.parametrize("edit", sorted(COSMETIC_EDITS))
def test_an_edit_that_changes_no_term_is_cosmetic(store, doc, edit):
    change = change_after(store, doc, COSMETIC_EDITS[edit])
    assert change["substantive"] is False, [h for h in change["hunks"]]
    assert change["direction"] == "neutral" and change["categories"] == [] and change["severity"] == 0


SUBSTANTIVE_EDITS = {
    # a pointer sentence that states a term is a term
    "a link sentence that grants a right": BASE.replace(
        "Questions about this policy",
        "You agree that we may share your data with [our partners](https://example.test/partners).\n\n"
        "Questions about this policy"),
    # a negation is never grammar
    "a negation dropped": BASE.replace("does not sell your personal information", "does sell your personal information"),
    # a number is never a spelling variant of another
    "a period added": BASE.replace("and we then erase your data.", "and we erase your data within thirty days."),
    # a short line that states a term is no label
    "a short term line added": BASE.replace("Questions about this policy", "No refunds\n\nQuestions about this policy"),
    # an item of a list of data collected is a term, however short
    "a list item added": BASE.replace("Questions about this policy", "*   precise location\n\nQuestions about this policy"),
    # a change of governing law is no rename, however capitalised
    "the governing law replaced": BASE.replace(
        "Questions about this policy",
        "These terms are governed by the laws of Ireland.\n\nThe courts of Ireland have jurisdiction.\n\n"
        "Questions about this policy"),
}


@pytest.mark.parametrize("edit", sorted(SUBSTANTIVE_EDITS))
def test_an_edit_that_changes_a_term_stays_substantive(store, doc, edit):
    change = change_after(store, doc, SUBSTANTIVE_EDITS[edit])
    assert change["substantive"] is True


def test_thirty_days_become_thirteen_is_no_spelling_fix(store, doc):
    thirty = BASE.replace("and we then erase your data.", "and we erase your data within thirty days.")
    store.record_version(doc, thirty, recorded_at="2024-01-01T00:00:00Z")
    store.record_version(doc, thirty.replace("thirty", "thirteen"), recorded_at="2024-02-01T00:00:00Z")
    process_new_records(store)
    assert store.db.execute("SELECT substantive FROM changes").fetchone() == (1,)


def test_a_capitalised_recipient_replaced_in_two_clauses_is_not_a_rename(store, doc):
    with_affiliates = BASE.replace("Questions about this policy",
                                   "We share your name with our Affiliates.\n\nOur Affiliates may contact you."
                                   "\n\nQuestions about this policy")
    store.record_version(doc, with_affiliates, recorded_at="2024-01-01T00:00:00Z")
    store.record_version(doc, with_affiliates.replace("Affiliates", "Advertising Partners"),
                         recorded_at="2024-02-01T00:00:00Z")
    process_new_records(store)
    row = store.db.execute("SELECT substantive, reasons FROM changes").fetchone()
    assert row[0] == 1 and "rename" not in json.loads(row[1])


def test_a_law_renamed_in_two_clauses_is_not_a_rename(store, doc):
    with_law = BASE.replace("Questions about this policy",
                            "These terms are governed by the laws of Ireland.\n\nThe courts of Ireland decide disputes."
                            "\n\nQuestions about this policy")
    store.record_version(doc, with_law, recorded_at="2024-01-01T00:00:00Z")
    store.record_version(doc, with_law.replace("Ireland", "Delaware"), recorded_at="2024-02-01T00:00:00Z")
    process_new_records(store)
    row = store.db.execute("SELECT substantive, reasons FROM changes").fetchone()
    assert row[0] == 1 and "rename" not in json.loads(row[1])


# -- a feature of the service described again -----------------------------------------------------

FEATURE = "Plus subscriptions include the ability to translate any photo you take into another language."
WITH_FEATURE = BASE.replace("Questions about this policy", FEATURE + "\n\nQuestions about this policy")


@pytest.mark.parametrize("new_feature, substantive", [
    # described again as optional and on request: the same offer
    ("Plus subscriptions include the optional ability to request the translation of any photo you take into "
     "another language.", False),
    # a changed word about data, money, a party or a number makes it a term
    ("Plus subscriptions include the ability to translate and store any photo you take into another language.", True),
    ("Plus subscriptions include the ability to translate any photo you take into another language for a fee.", True),
    ("Plus subscriptions include the ability to translate any photo you take into 3 languages.", True),
    ("Plus subscriptions include the ability to translate any photo you take and share it with partners.", True),
    # another form of its own word, and a linking preposition: the same offer
    ("Plus subscriptions include the ability to request translation of any photo you take into another language.",
     False),
])
def test_a_feature_reworded(store, doc, new_feature, substantive):
    store.record_version(doc, WITH_FEATURE, recorded_at="2024-01-01T00:00:00Z")
    store.record_version(doc, WITH_FEATURE.replace(FEATURE, new_feature), recorded_at="2024-02-01T00:00:00Z")
    process_new_records(store)
    service = next(s for s in export_data(store)["services"] if s["id"] == "Example")
    (change,) = service["documents"][0]["changes"]
    assert change["substantive"] is substantive, [h for h in change["hunks"] if h["substantive"]]
    if not substantive:
        assert change["direction"] == "neutral" and "notice" in change["reasons"]


# A user's right described as a feature: any changed word other than an article, a linking
# preposition, "optional"/"request" or another form of a word already there changes the right.
@pytest.mark.parametrize("old_feature, new_feature", [
    ("Pro plans include the ability to opt out of tailored ads.", "Pro plans include the ability to see tailored ads."),
    ("Pro plans include the option to opt in to tailored ads.", "Pro plans include the option to opt out of tailored ads."),
    ("Pro plans include the option to opt out of tailored ads.", "Pro plans include the option to opt in to tailored ads."),
    ("Pro plans include the ability to cancel online.", "Pro plans include the ability to cancel by calling us."),
    ("Our services include the ability to appeal a ban to an independent body.",
     "Our services include the ability to appeal a ban to our team."),
    ("Pro plans include the ability to encrypt your chats end to end.",
     "Pro plans include the ability to encrypt your chats in transit."),
    ("Pro plans include the ability to export your notes.", "Pro plans include the ability to view your notes."),
    ("Pro plans include the option to get a refund within fourteen days.",
     "Pro plans include the option to get a refund within seven days."),
    ("Pro plans include the option to permanently erase your profile.",
     "Pro plans include the option to temporarily hide your profile."),
    ("Our services give you the choice to settle disputes in a court near you.",
     "Our services give you the choice to settle disputes through binding arbitration."),
    ("Our services include the ability to reach a human agent.",
     "Our services include the ability to reach our automated assistant."),
])
def test_a_right_described_as_a_feature_changed_is_substantive(store, doc, old_feature, new_feature):
    old = BASE.replace("Questions about this policy", old_feature + "\n\nQuestions about this policy")
    store.record_version(doc, old, recorded_at="2024-01-01T00:00:00Z")
    store.record_version(doc, old.replace(old_feature, new_feature), recorded_at="2024-02-01T00:00:00Z")
    process_new_records(store)
    service = next(s for s in export_data(store)["services"] if s["id"] == "Example")
    (change,) = service["documents"][0]["changes"]
    assert change["substantive"] is True and "notice" not in change["reasons"]
