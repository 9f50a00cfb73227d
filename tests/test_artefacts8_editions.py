"""Capture artefacts of real histories that must not read as harms or gains (`artefacts8`):
a page that carries one document's editions for two audiences at once. Our own texts; the
pipeline runs on a real SQLite store."""

from __future__ import annotations

import json

import pytest

from monitor.diff.announcement import split_doubled
from monitor.pipeline import process_new_records
from monitor.store import Store


def edition(title: str, clauses: list[str]) -> str:
    return "\n\n".join([title + "\n" + "-" * len(title)] + clauses)


FOR_EUROPE = edition("Terms of Service for European Users", [
    "These terms govern your use of the Example marketplace if you live in the European Economic Area.",
    "We collect the details you give us when you register, such as your name and email address.",
    "We use those details only to run the marketplace and to keep your account safe.",
    "You may close your account whenever you like; we then erase your personal data within thirty days.",
    "Disputes are heard by the courts of the country where you live, under its consumer laws.",
    "We will email you at least thirty days before any change to these terms takes effect.",
] + [f"Clause {i}. Our support team answers any question about clause {i} of these terms within a week."
     for i in range(1, 25)])

FOR_THE_REST = edition("Terms of Service for Non-European Users", [
    "These terms govern your use of the Example marketplace if you live outside the European Economic Area.",
    "Any dispute will be resolved by binding individual arbitration, and you waive any right to a class action.",
    "We may suspend or terminate your account at any time, for any reason, without notice.",
    "We may sell your personal information to data brokers and advertising partners.",
    "We may change these terms at any time, and your continued use means you accept the change.",
] + [f"Section {i}. Questions about section {i} of these terms go to our support team by email."
     for i in range(1, 25)])

SALE_ADDED = FOR_EUROPE.replace(
    "We use those details only to run the marketplace and to keep your account safe.",
    "We may sell your personal information to data brokers and advertising partners.")


def recorded(store: Store, document_id: int, texts_at: list[tuple[str, str]]) -> list[int]:
    return [store.record_version(document_id, text, recorded_at=at)["id"] for at, text in texts_at]


def change_to(store: Store, version_id: int) -> dict:
    row = next(iter(store.query("SELECT c.*, a.direction, a.categories FROM changes c LEFT JOIN assessments a "
                                "ON a.change_id = c.id WHERE c.to_version_id = ?", [version_id])))
    return {**row, "reasons": json.loads(row["reasons"]), "categories": json.loads(row["categories"] or "[]")}


@pytest.fixture
def doc(store: Store) -> int:
    return store.ensure_document("Example", "Example", "Terms of Service", "https://example.test/terms", {})


def test_a_page_carrying_the_other_regions_edition_is_no_change_either_way(store, doc):
    # the capture shows the European edition, then the page with both editions, then the
    # European one alone: no edition changed, so nothing is worse, better or suspect
    european, both, alone = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_EUROPE),
                                                  ("2024-02-01T00:00:00Z", FOR_EUROPE + "\n\n" + FOR_THE_REST),
                                                  ("2024-03-01T00:00:00Z", FOR_EUROPE)])
    process_new_records(store)
    for version in (both, alone):
        change = change_to(store, version)
        assert change["substantive"] == 0 and change["suspect"] == 0, change["reasons"]
        assert "regional_edition" in change["reasons"] or version == alone
    # the edition in force afterwards is the European one: a sale added to it is judged as such
    sale = recorded(store, doc, [("2024-04-01T00:00:00Z", SALE_ADDED)])[0]
    process_new_records(store)
    change = change_to(store, sale)
    assert change["from_version_id"] == alone and change["direction"] == "worse"
    assert "data_sale" in change["categories"]


def test_a_page_that_drops_the_other_regions_edition_is_no_mass_deletion(store, doc):
    both, european = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_THE_REST + "\n\n" + FOR_EUROPE),
                                           ("2024-02-01T00:00:00Z", FOR_EUROPE)])
    process_new_records(store)
    change = change_to(store, european)
    assert change["substantive"] == 0 and change["suspect"] == 0, change["reasons"]
    assert "regional_edition" in change["reasons"]


def test_an_edit_of_the_edition_in_force_on_a_doubled_page_still_counts(store, doc):
    european, both = recorded(store, doc, [("2024-01-01T00:00:00Z", FOR_EUROPE),
                                           ("2024-02-01T00:00:00Z", SALE_ADDED + "\n\n" + FOR_THE_REST)])
    process_new_records(store)
    change = change_to(store, both)
    assert change["substantive"] == 1 and change["direction"] == "worse"
    assert "data_sale" in change["categories"]
    assert "class_action_waiver" not in change["categories"]    # the other region's clauses are not news


def test_a_long_notice_added_under_another_title_stays_a_change(store, doc):
    # guard: a privacy policy that gains a state notice is not "another region's edition"
    policy = edition("Privacy Policy", FOR_EUROPE.split("\n\n")[2:])
    notice = edition("Additional Notice", FOR_THE_REST.split("\n\n")[2:])
    first, grown = recorded(store, doc, [("2024-01-01T00:00:00Z", policy),
                                         ("2024-02-01T00:00:00Z", policy + "\n\n" + notice)])
    process_new_records(store)
    change = change_to(store, grown)
    assert change["substantive"] == 1 and "regional_edition" not in change["reasons"]
    assert change["direction"] == "worse"


def test_the_old_copy_first_on_the_page_leaves_the_other_text_beside_it():
    doubled = split_doubled(FOR_EUROPE, FOR_EUROPE + "\n\n" + FOR_THE_REST)
    assert doubled is not None and doubled.old_first
    assert doubled.copy == FOR_EUROPE and doubled.beside == FOR_THE_REST
