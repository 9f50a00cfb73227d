"""The JSON export: the data in the shape ``../shared/CONTRACT.md`` fixes.

>>> from monitor.store import Store
>>> store = Store.open(":memory:")
>>> doc = store.ensure_document("Ex", "Example", "Privacy Policy", "https://ex.test/p", {})
>>> _ = store.record_version(doc, "Hello.", recorded_at="2024-01-01T00:00:00Z")
>>> version = export_data(store)["services"][0]["documents"][0]["versions"][0]
>>> version["recorded_at"], version["kind"], version["chars"]
('2024-01-01T00:00:00Z', 'first', 6)

Later stages add fields; these never change or go away.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator, TextIO

from .rating import rate_service
from .store import Store
from .views import change_rows, latest_score, outweighed, score_history

EXPORT_FORMAT = 1


def export_data(store: Store) -> dict:
    """The whole export as one dict (small stores, tests); `write_json` streams the same data."""
    return {"format": EXPORT_FORMAT, "services": [
        {**head, "documents": [{**document, "changes": list(changes)} for document, changes in documents]}
        for head, documents in _services(store)]}


def _services(store: Store) -> Iterator[tuple[dict, Iterator[tuple[dict, Iterator[dict]]]]]:
    """Each service's fields, with its documents to come, each with its changes to come: the
    export is produced a service, a document and a change at a time, so its memory does not
    grow with the history."""
    for service in store.services():
        rating = rate_service(store, service["id"])
        bases = {b.document_id: b for b in rating.documents}
        latest = latest_score(store, service["id"])
        graded = latest if rating.rated else None
        head = {
            "id": service["id"],
            "name": service["name"],
            "rated": rating.rated,
            "unrated_reason": rating.reason,
            "score": graded["score"] if graded else None,
            "grade": graded["grade"] if graded else None,
            "history": score_history(store, service["id"]),
            "reasons": latest["reasons"] if latest else [],
        }
        documents = store.service_documents(service["id"])
        yield head, ((_document(store, d, bases.get(d["id"])), _changes(store, d["id"])) for d in documents)


def _document(store: Store, document: dict, basis) -> dict:
    return {
        "terms_type": document["terms_type"],
        "url": document["url"],
        "stale": basis.stale if basis else True,
        "last_success_at": basis.last_success_at if basis else None,
        "language": basis.language if basis else None,
        "in_grade": bool(basis and basis.version_id is not None and basis.readable),
        "capture_problem": basis.problem if basis else None,
        "versions": [{"recorded_at": v["recorded_at"], "kind": v["kind"], "sha256": v["sha256"],
                      "chars": v["chars"]} for v in store.versions(document["id"])],
        "errors": [{"at": e["at"], "reason": e["reason"], "kind": e["kind"]}
                   for e in store.fetch_errors(document["id"])],
    }


def _changes(store: Store, document_id: int) -> Iterator[dict]:
    """A document's changes, in time order, each with its hunks and assessment: read one at a
    time, since a long history of rewrites holds hundreds of megabytes of assessments."""
    for change_id in store.change_ids_in_order(document_id):
        change, = change_rows(store, change_ids=[change_id])
        imposed = change["imposed"]
        hunks = [{"kind": h["kind"], "section": h["section"], "old": h["old"], "new": h["new"],
                  "substantive": bool(h["substantive"]), "reason": h["reason"]}
                 for h in store.hunk_rows(change["id"])]
        yield {
            "from": change["from"], "to": change["to"],
            "substantive": change["substantive"], "suspect": change["suspect"],
            "suspect_status": change["suspect_status"], "reasons": change["reasons"],
            "hunks": hunks,
            "direction": change["direction"], "severity": change["severity"],
            "categories": change["categories"],
            "outweighed": outweighed(change["direction"], change["categories"], change["hunk_assessments"]),
            "evidence": change["evidence"], "confidence": change["confidence"],
            "imposed": {"notice_days": imposed["notice_days"], "effective_date": imposed["effective_date"],
                        "consent_by_use": imposed["consent_by_use"], "announced": imposed["announced"]},
        }


def stream_json(store: Store, out: TextIO) -> None:
    """Write the export to ``out`` a change at a time (the same JSON as `export_data`)."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    out.write(f'{{"format": {EXPORT_FORMAT}, "services": [')
    for s_index, (head, documents) in enumerate(_services(store)):
        out.write(("," if s_index else "") + "\n" + dumps(head)[:-1] + ', "documents": [')
        for d_index, (document, changes) in enumerate(documents):
            out.write(("," if d_index else "") + "\n " + dumps(document)[:-1] + ', "changes": [')
            for c_index, change in enumerate(changes):
                out.write(("," if c_index else "") + "\n  " + dumps(change))
            out.write("]}")
        out.write("]}")
    out.write("]}\n")


def write_json(store: Store, path: str | os.PathLike) -> Path:
    """Write the export atomically (readers never see a half-written file), streamed: its
    memory stays that of one change, whatever the history's size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".tmp")
    try:
        with open(scratch, "w", encoding="utf-8") as out:
            stream_json(store, out)
        os.replace(scratch, path)
    except BaseException:
        scratch.unlink(missing_ok=True)  # never leave a half-written scratch file behind
        raise
    return path
