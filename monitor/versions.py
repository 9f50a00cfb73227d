"""The one path from stored snapshots to a version, as Open Terms Archive's engine has one
(``src/archivist/index.js``, used by tracking and re-extraction alike).

A capture (the crawl's item pipelines, the distributed recorder) and ``reextract`` both:

1. read the extraction settings from the same place, the crawler's settings
   (`ExtractionSettings.from_settings`: time and length budget, byte cap, extra tracking
   parameters), so re-extraction strips the same link parameters as the crawl did;
2. turn stored snapshots into `Page`s (`pages_of_snapshots`) and extract them in worker
   processes within the budget (`monitor.extract.budget.ExtractionWorkers`);
3. record the text (`record_extracted_text`): a new version when the text is new, of kind
   ``reextraction`` (never ``change``) when it comes from re-extraction.

>>> from monitor.store import Store
>>> store = Store.open(":memory:")
>>> doc = store.ensure_document("Example", "Example Inc.", "Terms of Service", "https://ex.com/t", {})
>>> record_extracted_text(store, doc, "Be nice.", [], None, recorded_at="2024-01-01T00:00:00Z")["kind"]
'first'
>>> record_extracted_text(store, doc, "Be kind.", [], None, reextraction=True)["kind"]
'reextraction'
>>> ExtractionSettings.from_settings({"TERMSWATCH_TRACKING_PARAMS": ["ref"]}).options()["tracking_params"]
('ref',)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .extract import DEFAULT_MAX_BYTES, Page
from .extract.budget import ExtractionBudget


@dataclass(frozen=True)
class ExtractionSettings:
    """How a document's pages are extracted, whoever extracts them."""

    budget: ExtractionBudget = field(default_factory=ExtractionBudget)
    max_bytes: int = DEFAULT_MAX_BYTES
    tracking_params: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Mapping) -> "ExtractionSettings":
        """From Scrapy settings or a plain dict of them (missing names keep the defaults);
        a ValueError names the setting that is wrong."""
        budget = ExtractionBudget.from_settings(settings)
        max_bytes = settings.get("DOWNLOAD_MAXSIZE", DEFAULT_MAX_BYTES)
        try:
            max_bytes = int(max_bytes)
        except (TypeError, ValueError):
            max_bytes = -1
        if max_bytes < 0:
            raise ValueError(f"DOWNLOAD_MAXSIZE ({settings.get('DOWNLOAD_MAXSIZE')!r}) must be a number >= 0")
        if max_bytes == 0:  # Scrapy's "no limit": the text's length budget still applies
            max_bytes = sys.maxsize
        params = settings.get("TERMSWATCH_TRACKING_PARAMS") or ()
        if isinstance(params, str):  # Scrapy's getlist reads "a,b" as a list; so do we
            params = [p.strip() for p in params.split(",") if p.strip()]
        if not all(isinstance(p, str) for p in params):
            raise ValueError(f"TERMSWATCH_TRACKING_PARAMS ({params!r}) must be a list of parameter names")
        return cls(budget=budget, max_bytes=max_bytes, tracking_params=tuple(params))

    def options(self) -> dict:
        """The keyword options of `monitor.extract.extract_document`."""
        return {"max_bytes": self.max_bytes, "tracking_params": self.tracking_params}


def pages_of_snapshots(store, snapshots: Iterable[dict], bodies: Iterable[bytes | None] | None = None) -> list[Page]:
    """The `Page`s to extract from stored snapshots (one per declared page, in order);
    ``bodies`` gives bytes already in hand (None: read the snapshot's from the store)."""
    snapshots = list(snapshots)
    bodies = list(bodies) if bodies is not None else [None] * len(snapshots)
    return [Page(body=store.snapshot_body(s) if body is None else body,
                 url=s.get("final_url") or s["url"], content_type=s.get("content_type"))
            for s, body in zip(snapshots, bodies)]


def record_extracted_text(store, document_id: int, text: str, snapshot_ids: list[int],
                          declaration_sha256: str | None, *, recorded_at: str | None = None,
                          reextraction: bool = False) -> dict | None:
    """Record the text extracted from a document's snapshots: the new version, or None when
    the text is the current version's. Re-extraction records kind ``reextraction`` (a fixed
    selector is not the service rewriting its terms) at the time of recording, except for a
    document's first version, which is dated by its snapshots (``recorded_at``)."""
    if reextraction:
        current = store.current_version(document_id, with_text=False)
        return store.record_version(
            document_id, text, kind="reextraction" if current else "first",
            recorded_at=None if current else recorded_at, snapshot_ids=snapshot_ids,
            declaration_sha256=declaration_sha256, source="reextract")
    return store.record_version(document_id, text, recorded_at=recorded_at, snapshot_ids=snapshot_ids,
                                declaration_sha256=declaration_sha256)
