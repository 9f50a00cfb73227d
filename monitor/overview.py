"""What the ``status`` and ``score`` commands show, as data: one function each, so the commands
only print (and other tools can call the same functions).

>>> from monitor.store import open_store
>>> from monitor.paths import Home
>>> import tempfile
>>> with open_store(Home(tempfile.mkdtemp())) as store:
...     document_status(store)
[]
"""

from __future__ import annotations

from .clock import to_iso
from .config import Schedule


def document_status(store, schedule: Schedule | None = None) -> list[dict]:
    """Per document: last capture and outcome, last substantive change, last error, failures in
    a row, last recovery, the capture problem a reader is shown (`rating.capture_problem`: a
    page that is not the document, another language...) and the next run under ``schedule``
    (``"now"`` when due)."""
    from .daemon import next_run
    from .rating import capture_problem

    schedule = schedule or Schedule()
    rows = []
    for document in store.documents():
        last_change = store.last_substantive_change_at(document["id"])
        errors = store.fetch_errors(document["id"])
        due = next_run(document, schedule)
        rows.append({
            "service": document["service_id"], "terms_type": document["terms_type"],
            "last_capture": document["last_captured_at"], "last_outcome": document["last_outcome"],
            "last_change": last_change,
            "last_error": ({"at": errors[-1]["at"], "kind": errors[-1]["kind"], "reason": errors[-1]["reason"]}
                           if errors else None),
            "failures_in_a_row": document["failures_in_a_row"],
            "last_recovery": ({"at": document["recovered_at"], "after_failures": document["recovered_after"]}
                              if document["recovered_at"] else None),
            "capture_problem": capture_problem(store, document),
            "next_run": to_iso(due) if due.year > 1 else "now",
        })
    return rows


def find_service(store, name: str) -> dict | None:
    """The stored service whose id or name is ``name`` (case-insensitively), or None."""
    known = {key.casefold(): row for row in store.services() for key in (row["id"], row["name"])}
    return known.get(name.casefold())


def first_score_at(store, service_id: str) -> str | None:
    """When ``service_id`` was first scored (ISO time), or None."""
    return store.first_score_at(service_id)
