"""Suspect settling (`settle_suspects`): a capture that looks broken (a whole other text, most
of the text gone) is held as suspect, then confirmed or refuted by what later captures find;
one that is not the document at all (an error page) is never confirmed. Real store, real diff
(which decides what is suspect)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from monitor.history import SUSPECT_CONFIRMED_AFTER_SECONDS, settle_suspects
from monitor.pipeline import record_changes
from monitor.store import Store

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
TERMS = "\n\n".join(f"## {i}. Section {i}\n\nWe collect your data for purpose {i} and keep it for {i} months."
                    for i in range(1, 31))
REVISED = TERMS.replace("keep it for 3 months", "keep it for 30 years")
ERROR_PAGE = "404. Page not found. Sorry, we can't find that page."
GUTTED = "## 1. Section 1\n\nWe collect your data for purpose 1 and keep it for 1 months."
# A whole other text: suspect (unrelated), but it may be a real rewrite, so time can confirm it.
UNRELATED = "\n\n".join(f"Recipes with {dish}, basil and olive oil are served warm at dinner parties "
                        f"everywhere in the region during summer." for dish in (
                            "tomatoes", "aubergines", "courgettes", "peppers", "onions", "garlic", "lentils",
                            "beans", "chickpeas", "rice", "pasta", "bread", "cheese", "lemons", "olives") * 2)


def at(offset: timedelta) -> str:
    return (T0 + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "termswatch.db")
    yield store
    store.close()


def document(store: Store, name: str = "Acme") -> int:
    return store.ensure_document(name, name, "Terms of Service", f"https://{name}.test/terms", {})


def suspect_after(store: Store, doc: int, broken: str = UNRELATED, expected: str = "pending") -> int:
    """The document's terms at T0, then a broken capture an hour later, diffed: the change id."""
    store.record_version(doc, TERMS, recorded_at=at(timedelta(0)))
    version = store.record_version(doc, broken, recorded_at=at(timedelta(hours=1)))
    record_changes(store)
    change = store.db.execute("SELECT id, suspect, suspect_status FROM changes WHERE to_version_id = ?",
                              [version["id"]]).fetchone()
    assert change[1:] == (1, expected)   # the diff held it as suspect
    return change[0]


def status(store: Store, change_id: int) -> str:
    return store.db.execute("SELECT suspect_status FROM changes WHERE id = ?", [change_id]).fetchone()[0]


@pytest.mark.parametrize("broken", [UNRELATED, GUTTED])
def test_back_to_the_text_before_refutes_it(store, broken):
    doc = document(store)
    change = suspect_after(store, doc, broken)
    store.record_version(doc, TERMS, recorded_at=at(timedelta(hours=2)))
    assert settle_suspects(store) == 1
    assert status(store, change) == "refuted"


def test_a_new_text_a_day_later_confirms_it_and_not_a_second_sooner(store):
    doc = document(store)
    change = suspect_after(store, doc)
    suspect_time = timedelta(hours=1)
    day = timedelta(seconds=SUSPECT_CONFIRMED_AFTER_SECONDS)
    store.record_version(doc, REVISED, recorded_at=at(suspect_time + day - timedelta(seconds=1)))
    assert settle_suspects(store) == 0
    assert status(store, change) == "pending"

    other = document(store, "Other")
    other_change = suspect_after(store, other)
    store.record_version(other, REVISED, recorded_at=at(suspect_time + day))
    assert settle_suspects(store) == 1
    assert status(store, other_change) == "confirmed" and status(store, change) == "pending"


def test_a_later_capture_finding_the_same_text_confirms_it(store):
    doc = document(store)
    change = suspect_after(store, doc)
    store.record_unchanged(doc, at=at(timedelta(hours=1, minutes=30)))
    assert settle_suspects(store) == 1
    assert status(store, change) == "confirmed"


def test_failed_captures_or_nothing_new_settle_nothing(store):
    doc = document(store)
    change = suspect_after(store, doc)
    assert settle_suspects(store) == 0                      # nothing since
    store.record_fetch_error(doc, "timeout", "no answer", at=at(timedelta(hours=5)))
    assert settle_suspects(store) == 0                      # a failure says nothing of the text
    assert status(store, change) == "pending"


def test_only_the_document_asked_for_and_each_change_once(store):
    first, second = document(store, "First"), document(store, "Second")
    first_change, second_change = suspect_after(store, first), suspect_after(store, second)
    for doc in (first, second):
        store.record_unchanged(doc, at=at(timedelta(hours=3)))
    assert settle_suspects(store, document_id=second) == 1
    assert (status(store, first_change), status(store, second_change)) == ("pending", "confirmed")
    assert settle_suspects(store) == 1                      # the other one now
    assert settle_suspects(store) == 0                      # settled ones are left alone
    assert status(store, first_change) == "confirmed"


def test_an_error_page_is_not_the_document_and_never_confirmed(store):
    doc = document(store)
    change = suspect_after(store, doc, ERROR_PAGE, expected="not_document")
    store.record_unchanged(doc, at=at(timedelta(hours=3)))          # seen again: still not the document
    store.record_version(doc, REVISED, recorded_at=at(timedelta(days=3)))
    assert settle_suspects(store) == 0
    assert status(store, change) == "not_document"


def test_time_alone_does_not_confirm_a_truncation(store):
    doc = document(store)
    change = suspect_after(store, doc, GUTTED)
    store.record_version(doc, REVISED, recorded_at=at(timedelta(days=3)))   # the full text, edited
    assert settle_suspects(store) == 1
    assert status(store, change) == "refuted"


def test_the_diff_after_a_refuted_suspect_compares_with_the_trusted_text(store):
    """Once refuted, the version after the blip is diffed against the text before it: a
    flapping page back to its terms is not a whole new text."""
    doc = document(store)
    suspect_after(store, doc, ERROR_PAGE, expected="not_document")
    back = store.record_version(doc, TERMS, recorded_at=at(timedelta(hours=2)))
    record_changes(store)
    row = store.db.execute("SELECT from_version_id, substantive, reasons FROM changes WHERE to_version_id = ?",
                           [back["id"]]).fetchone()
    first_version = store.versions(doc)[0]["id"]
    assert row[0] == first_version and row[1] == 0 and "flapping" in row[2]
