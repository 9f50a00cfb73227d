"""Helpers for judgement stories: record two versions of a document in a real store, run
every stage, and read the change as the export gives it (what users and checks see)."""

from __future__ import annotations

from monitor.export import export_data
from monitor.pipeline import process_new_records
from monitor.store import Store


def exported_changes(store: Store, service_id: str = "Example") -> dict[str, dict]:
    """The service's changes in the export, by the date of the version each leads to."""
    service = next(s for s in export_data(store)["services"] if s["id"] == service_id)
    return {c["to"]: c for d in service["documents"] for c in d["changes"]}


def changes_after(store: Store, doc: int, history: list[tuple[str, str]]) -> dict[str, dict]:
    """The exported changes, by date, once ``history`` ((recorded at, text), in order) is recorded
    for ``doc`` and every stage has run."""
    from monitor.pipeline import process_new_records

    for at, text in history:
        store.record_version(doc, text, recorded_at=at)
    process_new_records(store)
    return exported_changes(store)


def change_between(store: Store, doc: int, old_text: str, new_text: str,
                   old_at: str = "2024-01-01T00:00:00Z", new_at: str = "2024-02-01T00:00:00Z") -> dict:
    """The exported change from ``old_text`` to ``new_text`` after every stage has run."""
    store.record_version(doc, old_text, recorded_at=old_at)
    store.record_version(doc, new_text, recorded_at=new_at)
    process_new_records(store)
    return exported_changes(store)[new_at]
