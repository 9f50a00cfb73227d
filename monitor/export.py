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

from .rating import rate_service
from .store import Store
from .views import change_rows, latest_score, score_history

EXPORT_FORMAT = 1


def export_data(store: Store) -> dict:
    changes_by_document = _changes_by_document(store)
    ratings = {service["id"]: rate_service(store, service["id"]) for service in store.services()}
    bases = {b.document_id: b for rating in ratings.values() for b in rating.documents}
    documents_by_service: dict[str, list[dict]] = {}
    for document in store.documents():
        documents_by_service.setdefault(document["service_id"], []).append(
            _document(store, document, changes_by_document.get(document["id"], []), bases.get(document["id"])))
    services = []
    for service in store.services():
        latest = latest_score(store, service["id"])
        rating = ratings[service["id"]]
        graded = latest if rating.rated else None
        services.append({
            "id": service["id"],
            "name": service["name"],
            "rated": rating.rated,
            "unrated_reason": rating.reason,
            "score": graded["score"] if graded else None,
            "grade": graded["grade"] if graded else None,
            "history": score_history(store, service["id"]),
            "reasons": latest["reasons"] if latest else [],
            "documents": documents_by_service.get(service["id"], []),
        })
    return {"format": EXPORT_FORMAT, "services": services}


def _document(store: Store, document: dict, changes: list[dict], basis) -> dict:
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
        "changes": changes,
    }


def _changes_by_document(store: Store) -> dict[int, list[dict]]:
    """Every change, in time order, with its hunks and assessment (two queries in all)."""
    hunks_by_change: dict[int, list[dict]] = {}
    for hunk in store.query("SELECT change_id, kind, section, old, new, substantive, reason FROM hunks "
                            "ORDER BY change_id, position"):
        hunks_by_change.setdefault(hunk["change_id"], []).append(
            {"kind": hunk["kind"], "section": hunk["section"], "old": hunk["old"], "new": hunk["new"],
             "substantive": bool(hunk["substantive"]), "reason": hunk["reason"]})
    out: dict[int, list[dict]] = {}
    for change in change_rows(store, newest_first=False):
        imposed = change["imposed"]
        out.setdefault(change["document_id"], []).append({
            "from": change["from"], "to": change["to"],
            "substantive": change["substantive"], "suspect": change["suspect"],
            "suspect_status": change["suspect_status"], "reasons": change["reasons"],
            "hunks": hunks_by_change.get(change["id"], []),
            "direction": change["direction"], "severity": change["severity"],
            "categories": change["categories"], "evidence": change["evidence"],
            "confidence": change["confidence"],
            "imposed": {"notice_days": imposed["notice_days"], "effective_date": imposed["effective_date"],
                        "consent_by_use": imposed["consent_by_use"], "announced": imposed["announced"]},
        })
    return out


def write_json(store: Store, path: str | os.PathLike) -> Path:
    """Write the export atomically: readers never see a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".tmp")
    try:
        with open(scratch, "w", encoding="utf-8") as out:
            json.dump(export_data(store), out, ensure_ascii=False, indent=1)
        os.replace(scratch, path)
    except BaseException:
        scratch.unlink(missing_ok=True)  # never leave a half-written scratch file behind
        raise
    return path
