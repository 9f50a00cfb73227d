"""The score stage: assessments and findings -> each service's score history (`record_scores`),
recomputed only when its inputs changed."""

from __future__ import annotations

import hashlib
import json
from contextlib import closing
from typing import Callable

from .. import parallel
from ..store import Store, stands
from ..store.scores import encoded_scores
from .classify import is_protection

Progress = Callable[[str, int, int], None]   # (stage, done, total)


def record_scores(store: Store, *, progress: Progress | None = None, workers: int = 1) -> int:
    """Recompute the score history of every service whose inputs changed (on ``workers``
    processes when there is enough of it: `monitor.parallel.scores_in_parallel`)."""
    from ..classify import load_taxonomy
    from ..score import load_params

    params, taxonomy = load_params(), load_taxonomy()
    services = store.services()
    # a service's inputs are its own records: writing another's scores does not change them
    fingerprints = {service["id"]: _score_inputs(store, service["id"], params) for service in services}
    stale = [service["id"] for service in services if fingerprints[service["id"]] != service.get("scored_from")]
    if (workers > 1 and len(stale) > 1 and parallel.database_path(store)
            and sum(store.versions_per_service(stale).values()) >= parallel.MIN_PARALLEL_RECORDS):
        histories = parallel.scores_in_parallel(store, stale, workers=workers)
    else:
        histories = ((service_id, encoded_scores(score_history(store, service_id, params, taxonomy)))
                     for service_id in stale)
    # written in the order of the services, whatever order they were computed in: score ids
    # are those of a serial run
    stale_set = set(stale)
    with closing(histories):
        for done, service in enumerate(services, 1):
            if service["id"] in stale_set:
                service_id, rows = next(histories)
                assert service_id == service["id"], (service_id, service["id"])
                store.replace_scores(service_id, rows, fingerprints[service_id])
            if progress:
                progress("score", done, len(services))
    return len(stale)


def _score_inputs(store: Store, service_id: str, params: dict) -> str:
    row = store.score_inputs(service_id)
    return hashlib.sha256(json.dumps([row, params], sort_keys=True).encode()).hexdigest()


def score_history(store: Store, service_id: str, params: dict, taxonomy) -> list[dict]:
    """The score after every version of the service's documents, then at its last capture.

    At each moment, a document's terms in force are those of its latest *trusted* version:
    one not reached by a suspect change that was refuted or awaits confirmation.
    """
    from ..score import ChangeEvent, TermFinding, compute_score

    weights = {c.id: c.weight for c in taxonomy}
    names = {c.id: c.name for c in taxonomy}
    versions = store.service_versions_with_findings(service_id)
    changes = [ChangeEvent(r["id"], r["at"], r["terms_type"], r["direction"], r["severity"],
                           tuple(json.loads(r["categories"])), r["notice_days"], bool(r["consent_by_use"]))
               for r in store.reportable_assessed_changes(service_id)]
    in_force: dict[int, list[TermFinding]] = {}      # document id -> its harms in force
    protecting: dict[int, list[TermFinding]] = {}    # document id -> its protections in force
    rows = []
    breadths: dict = {}      # a category's breadth, kept while its findings are those in force

    def score_at(at: str):
        terms = [finding for findings in in_force.values() for finding in findings]
        protections = [finding for findings in protecting.values() for finding in findings]
        return compute_score(terms, changes, at=at, params=params, weights=weights, names=names,
                             protections=protections, breadths=breadths)

    for version in versions:
        trusted = stands(version["suspect"], version["suspect_status"], version["not_document"])
        if trusted:
            findings = [TermFinding(f["category"], f["severity"], version["terms_type"], f["text"], version["id"],
                                    f["clause"], is_protection(f))
                        for f in json.loads(version["findings"] or "[]")]
            in_force[version["document_id"]] = [f for f in findings if not f.protection]
            protecting[version["document_id"]] = [f for f in findings if f.protection]
        rows.append({**score_at(version["recorded_at"]).to_json(), "version_id": version["id"]})
    last_capture = store.last_captured_at(service_id)
    if rows and last_capture and last_capture > rows[-1]["at"]:
        rows.append({**score_at(last_capture).to_json(), "version_id": None})
    return rows
