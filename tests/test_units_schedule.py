"""The daemon's schedule: when each document is next due (`next_run`), which are due now
(`due_documents`), and the per-document jitter that spreads captures, on a real store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from monitor.config import Schedule
from monitor.daemon import due_documents, jitter_offset, next_run
from monitor.store import Store

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def at(offset: timedelta) -> str:
    return (T0 + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "termswatch.db")
    yield store
    store.close()


def add(store: Store, service: str, terms_type: str, captured: timedelta | None = None,
        outcome: str = "unchanged") -> dict:
    document_id = store.ensure_document(service, service, terms_type, f"https://{service}.test/", {})
    if captured is not None:
        if outcome == "error":
            store.record_fetch_error(document_id, "timeout", "no answer", at=at(captured))
        elif outcome == "first":
            store.record_version(document_id, f"{service} {terms_type}", recorded_at=at(captured))
        else:
            store.record_unchanged(document_id, at=at(captured))
    return store.document(document_id)


# -- jitter -------------------------------------------------------------------------------------

def test_jitter_is_stable_per_document_and_inside_the_window():
    window = timedelta(minutes=10)
    keys = [f"Service {i} / Terms of Service" for i in range(200)]
    offsets = [jitter_offset(key, window) for key in keys]
    assert offsets == [jitter_offset(key, window) for key in keys]          # the same every time
    assert all(timedelta(0) <= offset < window for offset in offsets)
    assert len(set(offsets)) > 190                                           # spread, not bunched
    assert max(offsets) - min(offsets) > window * 0.8
    # it scales with the window: the same fraction of it
    key = keys[0]
    assert jitter_offset(key, window * 6).total_seconds() == pytest.approx(
        6 * jitter_offset(key, window).total_seconds())


@pytest.mark.parametrize("window", [timedelta(0), timedelta(seconds=-5)])
def test_no_jitter_when_the_window_is_zero_or_negative(window):
    assert jitter_offset("Google / Privacy Policy", window) == timedelta(0)


# -- next_run -------------------------------------------------------------------------------------

def test_a_document_never_captured_is_due_at_once(store):
    document = add(store, "Never", "Terms of Service")
    assert next_run(document, Schedule()) <= datetime(1, 1, 2, tzinfo=timezone.utc)


@pytest.mark.parametrize("outcome", ["first", "unchanged", "error"])
def test_next_run_is_last_capture_plus_interval_plus_jitter(store, outcome):
    """Whatever the last capture found (a version, no change, an error), the next one is an
    interval after it, plus the document's own jitter."""
    document = add(store, "Acme", "Privacy Policy", captured=timedelta(hours=1), outcome=outcome)
    schedule = Schedule(interval=timedelta(hours=6), jitter=timedelta(minutes=10))
    expected = T0 + timedelta(hours=7) + jitter_offset("Acme / Privacy Policy", schedule.jitter)
    assert next_run(document, schedule) == expected
    assert next_run(document, Schedule(interval=timedelta(hours=6), jitter=timedelta(0))) == T0 + timedelta(hours=7)


def test_per_document_interval_beats_per_service_beats_the_default(store):
    terms = add(store, "Google", "Terms of Service", captured=timedelta(0))
    privacy = add(store, "Google", "Privacy Policy", captured=timedelta(0))
    other = add(store, "Bing", "Terms of Service", captured=timedelta(0))
    schedule = Schedule(interval=timedelta(hours=6), jitter=timedelta(0),
                        services={"Google": timedelta(hours=2)},
                        documents={"Google / Privacy Policy": timedelta(minutes=30)})
    assert next_run(terms, schedule) == T0 + timedelta(hours=2)
    assert next_run(privacy, schedule) == T0 + timedelta(minutes=30)
    assert next_run(other, schedule) == T0 + timedelta(hours=6)


# -- due_documents --------------------------------------------------------------------------------

def test_due_documents_picks_exactly_those_whose_time_has_come(store):
    add(store, "Fresh", "Terms of Service", captured=timedelta(hours=-1))
    add(store, "Stale", "Terms of Service", captured=timedelta(hours=-7))
    add(store, "Failed", "Privacy Policy", captured=timedelta(hours=-6), outcome="error")
    add(store, "New", "Privacy Policy")
    schedule = Schedule(interval=timedelta(hours=6), jitter=timedelta(0))
    assert due_documents(store, schedule, T0) == ["Failed / Privacy Policy", "New / Privacy Policy",
                                                  "Stale / Terms of Service"]
    # one second before the six hours are up, the failed one is not due yet
    assert "Failed / Privacy Policy" not in due_documents(store, schedule, T0 - timedelta(seconds=1))
    # five hours later, the fresh one is due too
    assert "Fresh / Terms of Service" in due_documents(store, schedule, T0 + timedelta(hours=5))


def test_due_documents_honours_the_jitter_at_the_boundary(store):
    document = add(store, "Jittery", "Terms of Service", captured=timedelta(0))
    schedule = Schedule(interval=timedelta(hours=1), jitter=timedelta(hours=1))
    due_at = next_run(document, schedule)
    assert T0 + timedelta(hours=1) <= due_at < T0 + timedelta(hours=2)
    assert due_documents(store, schedule, due_at - timedelta(seconds=1)) == []
    assert due_documents(store, schedule, due_at) == ["Jittery / Terms of Service"]


def test_due_documents_only_among_the_keys_asked_for(store):
    add(store, "A", "Terms of Service", captured=timedelta(days=-1))
    add(store, "B", "Terms of Service", captured=timedelta(days=-1))
    add(store, "C", "Terms of Service", captured=timedelta(hours=-1))
    schedule = Schedule(interval=timedelta(hours=6), jitter=timedelta(0))
    assert due_documents(store, schedule, T0, keys={"B / Terms of Service", "C / Terms of Service"}) == [
        "B / Terms of Service"]
    assert due_documents(store, schedule, T0, keys=set()) == []
