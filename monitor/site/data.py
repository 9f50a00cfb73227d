"""Everything the site and the feeds show, read from the store in a handful of bulk queries.

`monitor.views` answers one question at a time (one service, one change); building twenty
thousand pages that way would run a hundred thousand queries. `load_site_data` reads each
table once instead and groups the rows in Python; change rows keep the exact shape of
`monitor.views.change_rows` so pages, feeds and mails describe a change the same way.

Hunks (the bulk of the data) are not loaded here: `load_hunks` fetches them for the pages
being rendered, a batch at a time.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Iterable

from ..store import Store, counts
from ..views import shape_change
from .output import fingerprint
from .urls import document_slugs, service_slug

log = logging.getLogger(__name__)

RECENT_ERRORS = 5      # fetch errors shown per document


@dataclass
class SiteData:
    services: list[dict]                                   # id, name, added_at, slug (those loaded)
    documents: dict[str, list[dict]]                       # by service id
    versions: dict[int, list[dict]]                        # by document id, oldest first
    errors: dict[int, list[dict]]                          # by document id, newest first (a few)
    changes: list[dict]                                    # every change, oldest first
    scores: dict[str, list[dict]]                          # by service id, oldest first
    latest_reasons: dict[str, list[dict]]                  # the latest score's items, by service id
    terms_in_force: dict[str, list[dict]]                  # by service id, worst first
    taxonomy: dict[str, dict]                              # category id -> name, explanation, weight
    ratings: dict = field(default_factory=dict)            # service id -> monitor.rating.Rating
    protections_in_force: dict[str, list[dict]] = field(default_factory=dict)  # good points, by service id
    changes_by_service: dict[str, list[dict]] = field(default_factory=dict)
    changes_by_document: dict[int, list[dict]] = field(default_factory=dict)

    def __post_init__(self):
        for change in self.changes:
            self.changes_by_service.setdefault(change["service_id"], []).append(change)
            self.changes_by_document.setdefault(change["document_id"], []).append(change)

    def latest_score(self, service_id: str) -> dict | None:
        history = self.scores.get(service_id)
        return history[-1] if history else None


def _loads(value, default):
    return json.loads(value) if value else default


def _grouped(rows: Iterable[dict], key: str) -> dict:
    out: dict = {}
    for row in rows:
        out.setdefault(row[key], []).append(row)
    return out


def load_site_data(store: Store, service_ids: list[str] | None = None) -> SiteData:
    """What the site shows of these services (every service by default)."""
    services = [{**s, "slug": service_slug(s["id"])} for s in store.all_services_brief()]
    documents = _grouped(store.all_documents_brief(service_ids), "service_id")
    for docs in documents.values():
        slugs = document_slugs([d["terms_type"] for d in docs])
        for doc in docs:
            doc["slug"] = slugs[doc["terms_type"]]
    document_ids = None
    if service_ids is not None:
        document_ids = [d["id"] for docs in documents.values() for d in docs]
    versions = _grouped(store.all_versions_brief(document_ids), "document_id")
    errors = _grouped(store.recent_fetch_errors(RECENT_ERRORS, document_ids), "document_id")
    changes = _changes(store, document_ids)
    scores = _grouped(store.all_scores_brief(service_ids), "service_id")
    latest_ids = [history[-1]["id"] for history in scores.values()]
    latest_reasons = {}
    for chunk in _chunks(latest_ids):
        for row in store.score_reasons(chunk):
            latest_reasons[row["service_id"]] = _loads(row["reasons"], [])
    from ..rating import rate_service

    harms, protections = _terms_in_force(store, documents, versions, changes)
    if service_ids is not None:
        services = [s for s in services if s["id"] in set(service_ids)]
    return SiteData(services=services, documents=documents, versions=versions, errors=errors,
                    changes=changes, scores=scores, latest_reasons=latest_reasons,
                    terms_in_force=harms, protections_in_force=protections, taxonomy=load_taxonomy(),
                    ratings={s["id"]: rate_service(store, s["id"]) for s in services})


def service_ids_in_batches(store: Store, changes_per_batch: int = 2000, services_per_batch: int = 500,
                           keep=lambda service_id: True):
    """Every service id (that ``keep`` keeps), in batches of services holding about ``changes_per_batch`` changes
    (at least one service each) and at most ``services_per_batch`` services (their ids are
    bound as SQL parameters, which some SQLite builds cap at 999): what a streamed build
    loads at a time."""
    batch, count = [], 0
    for row in store.service_ids_with_change_counts():
        if not keep(row[0]):
            continue
        if batch and (count + row[1] > changes_per_batch or len(batch) >= services_per_batch):
            yield batch
            batch, count = [], 0
        batch.append(row[0])
        count += row[1]
    if batch:
        yield batch


# What change rows leave out: the bulk of a change's data (evidence quotes whole clauses),
# read back a batch of pages at a time by `load_change_details`.
DETAIL_FIELDS = ("evidence", "hunk_assessments")


def _changes(store: Store, document_ids: list[int] | None = None) -> list[dict]:
    """Every change, oldest first, shaped like `views.change_rows` but without its
    `DETAIL_FIELDS`, with a ``digest`` of everything the store says about it (row,
    assessment and hunks) for the fingerprints. The rows are read one at a time, so only
    the light part of each stays in memory."""
    hunk_digests = store.hunk_digests(document_ids)
    # the rows are shaped by `views.shape_change`, so a change reads the same here as
    # everywhere else (tests/test_site_data.py compares the two)
    columns, cursor = store.all_change_tuples(document_ids)
    rows = []
    for raw in cursor:
        row = dict(zip(columns, raw))
        change = shape_change({**row, **{name: None for name in DETAIL_FIELDS}})
        for name in DETAIL_FIELDS:
            del change[name]
        change["computed_at"], change["assessed_at"] = row["computed_at"], row["assessed_at"]
        change["service_slug"] = service_slug(row["service_id"])
        # One digest of the raw row, computed once: change pages and feeds reuse it.
        change["digest"] = fingerprint(raw, hunk_digests.get(row["id"]))
        rows.append(change)
    return rows


def load_change_details(store: Store, change_ids: Iterable[int],
                        fields: tuple[str, ...] = DETAIL_FIELDS) -> dict[int, dict]:
    """The `DETAIL_FIELDS` of these changes (or those of ``fields``), shaped as
    `views.shape_change` shapes them."""
    out: dict[int, dict] = {}
    for chunk in _chunks(sorted(set(change_ids))):
        for row in store.change_details(chunk, fields):
            out[row["change_id"]] = {name: _loads(row[name], []) for name in fields}
    return out


def _terms_in_force(store: Store, documents: dict, versions: dict, changes: list[dict]) -> tuple[dict, dict]:
    """Like `views.terms_in_force`, for every service at once: the findings of each
    document's latest trusted version (not reached by a suspect change awaiting
    confirmation, refuted, or found not to be the document), as two dicts by service id:
    the harms, worst first, and the protections (``"polarity": "protection"``)."""
    untrusted = {c["to_version_id"] for c in changes if not counts(c["suspect"], c["suspect_status"])}
    current = {}
    for service_id, docs in documents.items():
        for doc in docs:
            trusted = [v for v in versions.get(doc["id"], []) if v["id"] not in untrusted and not v.get("not_document")]
            if trusted:
                current[trusted[-1]["id"]] = doc
    out: dict[str, list[dict]] = {}
    protections: dict[str, list[dict]] = {}
    ids = list(current)
    for chunk in _chunks(ids):
        for row in store.findings_of_versions(chunk):
            doc = current[row["version_id"]]
            for finding in _loads(row["findings"], []):
                kept = protections if finding.get("polarity") == "protection" else out
                kept.setdefault(doc["service_id"], []).append(
                    {**finding, "terms_type": doc["terms_type"], "document_id": doc["id"],
                     "version_id": row["version_id"]})
    for findings in out.values():
        findings.sort(key=lambda f: (-(f.get("severity") or 0), f.get("category") or "", f["terms_type"]))
    return out, protections


def _hunk(h: dict, ops_parsed: bool = False) -> dict:
    """A hunk row as pages use it; ``ops_parsed``: the row was read with ``parsed_ops``."""
    return {"position": h["position"], "kind": h["kind"], "section": h["section"], "old": h["old"],
            "new": h["new"], "ops": h["ops"] if ops_parsed else _loads(h["ops"], []),
            "substantive": bool(h["substantive"]),
            "reason": h["reason"], "old_index": h["old_index"], "new_index": h["new_index"]}


def load_hunks(store: Store, change_ids: Iterable[int]) -> dict[int, list[dict]]:
    """The hunks of these changes, shaped like `monitor.views.hunks`, by change id."""
    out: dict[int, list[dict]] = {}
    for chunk in _chunks(sorted(set(change_ids))):
        for h in store.hunk_rows_of(chunk):
            out.setdefault(h["change_id"], []).append(_hunk(h))
    return out


@dataclass
class PageHunks:
    """What a page shows of one change's hunks, without reading them all (a change of a
    flapping page can have thousands): the first ``per_kind`` substantive and the first
    ``per_other`` other hunks (``per_kind`` of a change without substantive ones), plus any
    that evidence points to, in position order; how many of each kind the change has; the
    reasons of its non-substantive ones."""

    hunks: list[dict] = field(default_factory=list)
    substantive: int = 0
    other: int = 0
    cosmetic_reasons: list[str] = field(default_factory=list)


def load_page_hunks(store: Store, change_ids: Iterable[int], per_kind: int,
                    positions: dict[int, set[int]] | None = None, per_other: int | None = None) -> dict[int, PageHunks]:
    """`PageHunks` of these changes; ``positions`` adds, by change id, hunks to read
    whatever their rank (those the change's evidence quotes)."""
    out: dict[int, PageHunks] = {}
    for chunk in _chunks(sorted(set(change_ids))):
        for row in store.hunk_kind_counts(chunk):
            page = out.setdefault(row["change_id"], PageHunks())
            if row["substantive"]:
                page.substantive += row["n"]
            else:
                page.other += row["n"]
                page.cosmetic_reasons.append(row["reason"])
        for h in store.hunk_heads_by_kind(chunk, per_kind, per_other, parsed_ops=True):
            out[h["change_id"]].hunks.append(_hunk(h, ops_parsed=True))
    for change_id, wanted in (positions or {}).items():
        page = out.get(change_id)
        missing = sorted(wanted - {h["position"] for h in page.hunks}) if page else []
        if missing:
            page.hunks += [_hunk(h, ops_parsed=True) for h in store.hunks_at(change_id, missing, parsed_ops=True)]
            page.hunks.sort(key=lambda h: h["position"])
    for page in out.values():
        page.cosmetic_reasons.sort()
    return out


def load_hunk_heads(store: Store, change_ids: Iterable[int], per_change: int) -> dict[int, tuple[list[dict], int]]:
    """The first ``per_change`` hunks of each change, and how many it has in all: for pages
    that list many changes briefly (a change of a flapping page can have thousands)."""
    out: dict[int, tuple[list[dict], int]] = {}
    for chunk in _chunks(sorted(set(change_ids))):
        for h in store.hunk_heads(chunk, per_change, parsed_ops=True):
            heads, _ = out.setdefault(h["change_id"], ([], h["total"]))
            heads.append(_hunk(h, ops_parsed=True))
    return out


def _chunks(items: list, size: int = 900):
    # SQLite builds may cap a statement's parameters at 999.
    for start in range(0, len(items), size):
        yield items[start:start + size]


def load_taxonomy() -> dict[str, dict]:
    """The harm categories as ``{id: {"name", "explanation", "weight", "kind"}}``, in the
    taxonomy's order, from the one taxonomy loader (`monitor.classify.taxonomy`). Should the
    taxonomy be unreadable, pages show the category ids written as words.
    """
    from ..classify.taxonomy import load_taxonomy as load

    try:
        taxonomy = load()
    except (OSError, ValueError, KeyError, TypeError) as error:  # TOMLDecodeError is a ValueError
        log.warning("harm taxonomy unavailable (%s); category ids are shown as they are", error)
        return {}
    return {c.id: {"name": c.name or c.id, "explanation": c.explanation or "", "weight": c.weight, "kind": c.kind}
            for c in taxonomy}
