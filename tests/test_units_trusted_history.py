"""`TrustedHistory`: the diff stage's view of which versions of a history may stand as the
terms in force (`trusted_flags`) and their usual length (`usual_chars`), kept up to date as
changes are recorded instead of read again for every version (quadratic in a history's
length). Real store, real diff: the answers must be those of the functions on the store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from monitor.history import TrustedHistory, trusted_flags, usual_chars
from monitor.pipeline import record_changes
from monitor.store import Store

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def terms(edition: int) -> str:
    return "\n\n".join(f"## {i}. Section {i}\n\nWe keep your data for purpose {i} for {i + edition} months."
                       for i in range(1, 25 + edition % 3))


ERROR_PAGE = "404. Page not found. Sorry, we can't find that page."


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "termswatch.db")
    yield store
    store.close()


def long_history(store: Store, versions: int) -> int:
    """A document edited every two days, with an error page captured now and then (suspect
    changes, then settled by the captures after them)."""
    document = store.ensure_document("Acme", "Acme", "Terms of Service", "https://acme.test/terms", {})
    for n in range(versions):
        text = ERROR_PAGE if n % 9 == 4 else terms(n)
        store.record_version(document, text, recorded_at=(T0 + timedelta(days=2 * n)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return document


def test_answers_are_those_read_from_the_store(store):
    document = long_history(store, 30)
    record_changes(store)
    history = store.versions(document)
    flags = trusted_flags(store, history)
    assert False in flags and flags.count(True) > 20      # the error pages are not trusted
    trust = TrustedHistory(store, history)
    assert trust.flags == flags
    for position in range(len(history) + 1):
        assert trust.usual_chars(position) == usual_chars(history[:position], flags[:position]), position
    # a change recorded to an earlier version (a recompute) is taken into account
    trust.recorded(3, suspect=True)
    flags[3] = False
    assert trust.usual_chars(10) == usual_chars(history[:10], flags[:10])
    assert trust.usual_chars(0) is None


def test_the_diff_reads_the_flags_once_per_document_not_once_per_version(store):
    document = long_history(store, 40)
    reads = []
    read = store.suspicion_by_version
    store.suspicion_by_version = lambda document_id: reads.append(document_id) or read(document_id)
    assert record_changes(store)[0] == 39
    settled = store.db.execute("SELECT count(*) FROM changes WHERE suspect_status IN ('confirmed', 'refuted')"
                               ).fetchone()[0]
    # once when the document starts, then once per settling that changed a status
    assert len(reads) <= 1 + settled < 39
