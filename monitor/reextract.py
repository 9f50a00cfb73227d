"""Re-extraction: run extraction again over stored snapshots, after a declaration changed.

The result is recorded as a version of kind ``reextraction`` (never ``change``), so a fixed
selector never looks like the service rewrote its terms. Documents imported without
snapshots are skipped. Snapshots become a version by the crawl's own path
(`monitor.versions`), with the crawl's extraction settings: its budget (a document over its
time or length is a reported error, and the others go on), byte cap and tracking parameters.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Iterable

from .declarations import parse_document
from .extract import ExtractionError
from .extract.budget import ExtractionWorkers
from .store import Store
from .versions import ExtractionSettings, pages_of_snapshots, record_extracted_text

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


def reextract(store: Store, services: Iterable[str] = (), *,
              extraction: ExtractionSettings | None = None) -> ReextractReport:
    """Re-extract the latest snapshots of every document (or of ``services``) with
    ``extraction`` (default: the crawler's default settings)."""
    if extraction is None:
        from spiders import settings as crawler_defaults
        extraction = ExtractionSettings.from_settings(vars(crawler_defaults))
    with ExtractionWorkers(extraction.budget, size=1) as workers:
        return _reextract(store, set(services), extraction, workers)


def _reextract(store: Store, wanted: set[str], extraction: ExtractionSettings,
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
        try:
            text = workers.extract(pages_of_snapshots(store, snapshots), declaration, **extraction.options())
        except ExtractionError as error:
            log.warning("%s: re-extraction failed: %s", label, error.reason)
            report.errors.append({"document": label, "kind": error.kind, "reason": error.reason})
            continue
        version = record_extracted_text(store, document["id"], text, [s["id"] for s in snapshots],
                                        declaration.sha256, recorded_at=max(s["fetched_at"] for s in snapshots),
                                        reextraction=True)
        if version is None:
            report.unchanged += 1
        else:
            log.info("%s: re-extraction recorded (%d chars)", label, version["chars"])
            report.recorded.append({"document": label, "version_id": version["id"]})
    return report
