"""Read-only views over the store, shaped for people: the site, feeds, mails and export use them.

Every function returns plain dicts and lists (JSON-ready), built from the stage tables:
``changes`` + ``hunks`` (diff), ``assessments`` and ``version_findings`` (classify),
``scores`` (score). Nothing here writes.

A change is *reportable* (alerts, feeds, the score) when it is substantive and not a suspect
awaiting confirmation: a suspect change counts only once a later capture confirmed it.
"""

from __future__ import annotations

import json
from typing import Iterable

from .store import REPORTABLE, Store, counts  # noqa: F401 (REPORTABLE: where it was read from before)


def _loads(value, default):
    return json.loads(value) if value else default


def change_rows(store: Store, *, change_ids: Iterable[int] | None = None, service_id: str | None = None,
                document_id: int | None = None, min_severity: int | None = None, reportable_only: bool = False,
                since: str | None = None, limit: int | None = None, newest_first: bool = True) -> list[dict]:
    """Changes with their document, service, versions' times and assessment (no hunks)."""
    return [shape_change(row) for row in store.change_rows(
        change_ids=change_ids, service_id=service_id, document_id=document_id, min_severity=min_severity,
        reportable_only=reportable_only, since=since, limit=limit, newest_first=newest_first)]


def outweighed(direction: str | None, categories: list[str], hunk_assessments: list[dict]) -> list[str]:
    """The categories a change moved against its verdict, outweighed in it: the gains of a
    worse change, the losses of a better one, in the order its hunks make them, leaving out the
    verdict's own ``categories`` and a gain that counted as none (``"counted": false``, a promise
    that only accompanies a new practice, `monitor.classify.balance`). Alerts filtered by
    category read ``categories`` alone: a worse change that also promises not to sell data is
    not a worse change in data sale."""
    against = {"worse": "better", "better": "worse"}.get(direction or "")
    found: list[str] = []
    for hunk in hunk_assessments if against else ():
        for moved in hunk.get("changes", ()):
            if moved["direction"] == against and moved.get("counted", True) \
                    and moved["category"] not in categories and moved["category"] not in found:
                found.append(moved["category"])
    return found


def shape_change(row: dict) -> dict:
    assessed = row["direction"] is not None
    return {
        "id": row["id"], "document_id": row["document_id"], "service_id": row["service_id"],
        "service_name": row["service_name"], "terms_type": row["terms_type"], "url": row["url"],
        "from": row["from"], "to": row["to"], "from_version_id": row["from_version_id"],
        "to_version_id": row["to_version_id"], "to_kind": row["to_kind"],
        "substantive": bool(row["substantive"]), "suspect": bool(row["suspect"]),
        "suspect_status": row["suspect_status"], "reasons": _loads(row["reasons"], []),
        "stats": _loads(row["stats"], {}),
        "reportable": bool(row["substantive"]) and counts(row["suspect"], row["suspect_status"]),
        "assessed": assessed,
        "direction": row["direction"] if assessed else ("neutral" if not row["substantive"] else None),
        "severity": row["severity"] if assessed else 0,
        "categories": _loads(row["categories"], []),
        "evidence": _loads(row["evidence"], []),
        "confidence": row["confidence"],
        "imposed": {"notice_days": row["notice_days"], "effective_date": row["effective_date"],
                    "consent_by_use": bool(row["consent_by_use"]) if assessed else None,
                    "announced": bool(row["announced"]) if assessed else None},
        "hunk_assessments": _loads(row["hunk_assessments"], []),
    }


def hunks(store: Store, change_id: int) -> list[dict]:
    return [{"position": h["position"], "kind": h["kind"], "section": h["section"], "old": h["old"],
             "new": h["new"], "ops": _loads(h["ops"], []), "substantive": bool(h["substantive"]),
             "reason": h["reason"], "old_index": h["old_index"], "new_index": h["new_index"]}
            for h in store.hunk_rows(change_id)]


def change_view(store: Store, change_id: int) -> dict | None:
    """One change, whole: its assessment, hunks, and the two versions' texts."""
    rows = change_rows(store, change_ids=[change_id])
    if not rows:
        return None
    change = rows[0]
    change["hunks"] = hunks(store, change_id)
    return change


def version_texts(store: Store, change: dict) -> tuple[str, str]:
    old = store.version(change["from_version_id"])["text"]
    new = store.version(change["to_version_id"])["text"]
    return old, new


def latest_score(store: Store, service_id: str) -> dict | None:
    found = score_at(store, service_id)
    return found and {key: found[key] for key in ("at", "score", "grade", "reasons")}


def score_at(store: Store, service_id: str, at: str | None = None) -> dict | None:
    """The score of a service as it stood at ``at`` (an ISO time; default: the latest): the
    one computed after its last version recorded then, with every item that makes it up.

    A score is recomputed after each version, so between two versions it is the earlier's.
    """
    row = store.score_row_at(service_id, at)
    if row is None:
        return None
    return {"service": service_id, "at": row["at"], "version_id": row["version_id"], "score": row["score"],
            "grade": row["grade"], "reasons": _loads(row["reasons"], [])}


def score_history(store: Store, service_id: str) -> list[dict]:
    return [{"at": r["at"], "score": r["score"], "grade": r["grade"]}
            for r in store.score_rows(service_id)]


def terms_in_force(store: Store, service_id: str) -> list[dict]:
    """The harmful terms in the service's current documents (their latest *trusted* versions:
    never a capture held as suspect or found not to be the document), worst first."""
    from .rating import trusted_current_version

    out = []
    for document in store.service_documents(service_id):
        current = trusted_current_version(store, document["id"])
        if current is None:
            continue
        for finding in _loads(store.findings_of(current["id"]), []):
            if finding.get("polarity") == "protection":   # a good point, not a harmful term
                continue
            out.append({**finding, "terms_type": document["terms_type"], "document_id": document["id"],
                        "version_id": current["id"]})
    out.sort(key=lambda f: (-f.get("severity", 0), f["category"], f["terms_type"]))
    return out


def service_rows(store: Store) -> list[dict]:
    """One row per service for the index: score, grade (None when the service is not rated,
    see `monitor.rating`), trend, last substantive change."""
    from .rating import rate_service

    rows = []
    for service in store.services():
        rating = rate_service(store, service["id"])
        score = latest_score(store, service["id"]) if rating.rated else None
        history = score_history(store, service["id"])
        last = change_rows(store, service_id=service["id"], reportable_only=True, limit=1)
        documents = [{key: d[key] for key in ("id", "terms_type", "url", "last_captured_at", "last_outcome")}
                     for d in store.service_documents(service["id"])]
        rows.append({
            "id": service["id"], "name": service["name"],
            "rated": rating.rated, "unrated_reason": rating.reason,
            "score": score["score"] if score else None, "grade": score["grade"] if score else None,
            "trend": (history[-1]["score"] - history[-2]["score"]) if len(history) >= 2 else 0,
            "last_substantive_change": last[0] if last else None,
            "documents": documents,
        })
    return rows


def service_view(store: Store, service_id: str) -> dict | None:
    """Everything a service page shows."""
    from .rating import rate_service

    services = [s for s in store.services() if s["id"] == service_id]
    if not services:
        return None
    rating = rate_service(store, service_id)
    return {
        "id": service_id, "name": services[0]["name"],
        "rated": rating.rated, "unrated_reason": rating.reason,
        "basis": [b.to_json() for b in rating.documents],
        "score": latest_score(store, service_id),
        "history": score_history(store, service_id),
        "terms_in_force": terms_in_force(store, service_id),
        "documents": [{**d, "versions": store.versions(d["id"]), "errors": store.fetch_errors(d["id"])[-5:]}
                      for d in store.service_documents(service_id)],
        "changes": change_rows(store, service_id=service_id),
    }
