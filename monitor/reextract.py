"""Re-extraction: run extraction again over stored snapshots, after a declaration changed.

The result is recorded as a version of kind ``reextraction`` (never ``change``), so a fixed
selector never looks like the service rewrote its terms. Documents imported without
snapshots are skipped. Extraction obeys the crawler's budget (`monitor.extract.budget`): a
document over its time or length is a reported error, and the others go on.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Iterable

from .declarations import parse_document
from .extract import ExtractionError, Page
from .extract.budget import ExtractionBudget, ExtractionWorkers
from .store import Store

log = logging.getLogger("termswatch.reextract")


@dataclass
class ReextractReport:
    recorded: list[dict] = field(default_factory=list)    # new re-extraction versions
    unchanged: int = 0
    skipped: int = 0                                      # no snapshots to work from
    errors: list[dict] = field(default_factory=list)      # {"document", "kind", "reason"}

    def summary(self) -> str:
        return (f"{len(self.recorded)} re-extracted, {self.unchanged} unchanged, {self.skipped} without "
                f"snapshots, {len(self.errors)} failed")


def reextract(store: Store, services: Iterable[str] = (), *, max_bytes: int | None = None,
              budget: ExtractionBudget | None = None) -> ReextractReport:
    """Re-extract the latest snapshots of every document (or of ``services``), each within
    ``budget`` (default: the crawler's default settings)."""
    if budget is None:
        from spiders import settings as crawler_defaults
        budget = ExtractionBudget.from_settings(vars(crawler_defaults))
    with ExtractionWorkers(budget, size=1) as workers:
        return _reextract(store, set(services), max_bytes, workers)


def _reextract(store: Store, wanted: set[str], max_bytes: int | None,
               workers: ExtractionWorkers) -> ReextractReport:
    report = ReextractReport()
    for document in store.documents():
        if wanted and document["service_id"] not in wanted:
            continue
        label = f"{document['service_id']} / {document['terms_type']}"
        declaration = parse_document(json.loads(document["declaration"]), document["service_id"],
                                     document["terms_type"], source=f"stored declaration of {label}")
        snapshots = [store.latest_snapshot(document["id"], page) for page in range(len(declaration.pages))]
        if any(s is None for s in snapshots):
            report.skipped += 1
            continue
        pages = [Page(body=store.snapshot_body(s), url=s["final_url"] or s["url"], content_type=s["content_type"])
                 for s in snapshots]
        kwargs = {"max_bytes": max_bytes} if max_bytes else {}
        try:
            text = workers.extract(pages, declaration, **kwargs)
        except ExtractionError as error:
            log.warning("%s: re-extraction failed: %s", label, error.reason)
            report.errors.append({"document": label, "kind": error.kind, "reason": error.reason})
            continue
        current = store.current_version(document["id"], with_text=False)
        version = store.record_version(
            document["id"], text, kind="reextraction" if current else "first",
            recorded_at=max(s["fetched_at"] for s in snapshots) if not current else None,
            snapshot_ids=[s["id"] for s in snapshots], declaration_sha256=declaration.sha256,
            source="reextract")
        if version is None:
            report.unchanged += 1
        else:
            log.info("%s: re-extraction recorded (%d chars)", label, version["chars"])
            report.recorded.append({"document": label, "version_id": version["id"]})
    return report
