"""Item pipelines: each does one step of recording a capture, in this order.

1. `RecordFailurePipeline`   a failed fetch becomes a fetch error (versions untouched)
2. `StoreSnapshotsPipeline`  raw bytes become snapshots (a 304 reuses the latest one)
3. `ExtractTextPipeline`     snapshots become normalised text, or an extraction error
4. `RecordVersionPipeline`   the text becomes a version, if it really changed
5. `CaptureReportPipeline`   counts outcomes, logs progress, writes the crawl report

An item whose ``outcome`` is already set passes through the later steps untouched.

No step loses a document silently: an exception in a step becomes a recorded fetch error
for that document (kind ``internal_error``), and when the store itself cannot be written
(disk full, read-only) the crawl stops and the report says so (see `records_step_failures`).
"""

from __future__ import annotations

import errno
import functools
import inspect
import json
import logging
import resource
import sqlite3
import time
from collections import Counter
from pathlib import Path

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from monitor.extract import ExtractionError
from monitor.extract.budget import ExtractionWorkers
from monitor.store import Store
from monitor.versions import ExtractionSettings, pages_of_snapshots, record_extracted_text

from .items import DocumentFailed, DocumentFetched

log = logging.getLogger("termswatch.capture")


# Where the crawl report names why the whole crawl failed (in the crawler's stats).
STORE_FAILURE_STAT = "termswatch/store_unwritable"

# SQLite primary result codes, and errno values, that mean "the store cannot be written".
_UNWRITABLE_SQLITE_CODES = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY,
                            sqlite3.SQLITE_CANTOPEN}
_UNWRITABLE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}


def store_unwritable(error: BaseException) -> bool:
    """Is this the disk or the database refusing writes (rather than one document's trouble)?"""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and (code & 0xFF) in _UNWRITABLE_SQLITE_CODES
    return isinstance(error, OSError) and error.errno in _UNWRITABLE_ERRNOS


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text[:200]}"


def records_step_failures(process_item):
    """Wrap a store pipeline's ``process_item``: Scrapy would log and drop an item whose step
    raised, and the document would vanish from the report. Instead the failure is recorded
    as that document's fetch error (``internal_error``); if the store cannot be written at all,
    the crawl is stopped and marked failed, so the run exits non-zero."""

    def record(self, item, spider, error: Exception):
        step = type(self).__name__
        reason = f"{step} failed: {_one_line(error)}"
        if not store_unwritable(error):
            try:
                self.store.record_fetch_error(item.target.document_id, "internal_error", reason,
                                              url=item.target.declaration.url)
            except Exception as second:  # the store refuses even the error: a store failure
                error, reason = second, f"{step} failed: {_one_line(second)}"
            else:
                log.error("%s: %s", item.target.label, reason)
                item.outcome, item.error = "error", {"kind": "internal_error", "reason": reason}
                return item
        self.store_failed(reason, spider)
        item.outcome, item.error = "error", {"kind": "store_unwritable", "reason": reason}
        return item

    if inspect.iscoroutinefunction(process_item):   # a step that awaits (extraction in workers)
        @functools.wraps(process_item)
        async def guarded_async(self, item, spider=None):
            try:
                return await process_item(self, item, spider)
            except Exception as error:
                return record(self, item, spider, error)
        return guarded_async

    @functools.wraps(process_item)
    def guarded(self, item, spider=None):
        try:
            return process_item(self, item, spider)
        except Exception as error:
            return record(self, item, spider, error)

    return guarded


class StorePipeline:
    """Base: opens the store named by the TERMSWATCH_DATABASE setting."""

    def __init__(self, database: str, settings):
        self.database = database
        self.settings = settings
        self.store: Store | None = None
        self.crawler = None

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.settings.get("TERMSWATCH_DATABASE"), crawler.settings)
        pipeline.crawler = crawler
        return pipeline

    def store_failed(self, reason: str, spider=None) -> None:
        """The store cannot be written: remember why (the report carries it) and stop the crawl."""
        log.critical("the store cannot be written, stopping the crawl: %s", reason)
        if self.crawler is None:
            raise RuntimeError(reason)
        if self.crawler.stats.get_value(STORE_FAILURE_STAT) is None:
            self.crawler.stats.set_value(STORE_FAILURE_STAT, reason)
            engine = self.crawler.engine
            if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
                from scrapy.utils.defer import deferred_from_coro
                deferred_from_coro(engine.close_spider_async(reason="store_unwritable"))
            else:
                engine.close_spider(spider or self.crawler.spider, "store_unwritable")

    def open_spider(self, spider=None):
        self.store = Store.open(self.database, migrate=False)

    def close_spider(self, spider=None):
        if self.store:
            self.store.close()


class RecordFailurePipeline(StorePipeline):
    @records_step_failures
    def process_item(self, item, spider=None):
        if isinstance(item, DocumentFailed) and item.outcome is None:
            self.store.record_fetch_error(item.target.document_id, item.kind, item.reason,
                                          at=item.at, url=item.url, status=item.status)
            log.warning("%s: %s", item.target.label, item.reason)
            item.outcome = "error"
        return item


class StoreSnapshotsPipeline(StorePipeline):
    @records_step_failures
    def process_item(self, item, spider=None):
        if not isinstance(item, DocumentFetched) or item.outcome:
            return item
        doc_id = item.target.document_id
        for index, page in enumerate(item.pages):
            if page.not_modified:
                latest = self.store.latest_snapshot(doc_id, index)
                if latest is None:  # a 304 we cannot serve from history
                    item.outcome = "error"
                    reason = f"304 Not Modified but no earlier snapshot of {page.url}"
                    item.error = {"kind": "http_status", "reason": reason}
                    self.store.record_fetch_error(doc_id, "http_status", reason,
                                                  at=page.fetched_at, url=page.url, status=304)
                    return item
                item.snapshots.append({**latest, "new": False})
            else:
                item.snapshots.append(self.store.record_snapshot(
                    doc_id, url=page.url, final_url=page.final_url, status=page.status,
                    headers=page.headers, content_type=page.content_type, body=page.body,
                    fetched_at=page.fetched_at, page=index))
        return item


class ExtractTextPipeline(StorePipeline):
    """Extraction runs in worker processes within a budget (`monitor.extract.budget`),
    awaited from a thread so that other documents go on meanwhile."""

    def open_spider(self, spider=None):
        super().open_spider(spider)
        self.use(ExtractionSettings.from_settings(self.settings),
                 workers=max(1, self.settings.getint("TERMSWATCH_EXTRACT_WORKERS")))

    def use(self, extraction: ExtractionSettings, workers: int = 1) -> None:
        """Extract with these settings in ``workers`` processes (the distributed recorder,
        which runs this step outside a crawl, calls it instead of `open_spider`)."""
        self.extraction = extraction
        self.workers = ExtractionWorkers(extraction.budget, size=workers)

    def close_spider(self, spider=None):
        self.workers.close()
        super().close_spider(spider)

    @records_step_failures
    async def process_item(self, item, spider=None):
        pages = self._pages_to_extract(item)
        if pages is None:
            return item
        try:
            text = await maybe_deferred_to_future(deferToThread(
                self.workers.extract, pages, item.target.declaration, **self.extraction.options()))
        except ExtractionError as error:
            return self._failed(item, error)
        item.text = text
        return item

    @records_step_failures
    def process_item_blocking(self, item, spider=None):
        """The same step outside a crawl (the distributed recorder): extraction blocks."""
        pages = self._pages_to_extract(item)
        if pages is None:
            return item
        try:
            item.text = self.workers.extract(pages, item.target.declaration, **self.extraction.options())
        except ExtractionError as error:
            return self._failed(item, error)
        return item

    def _pages_to_extract(self, item) -> list | None:
        """The pages to extract, or None when there is nothing to extract (recorded here)."""
        if not isinstance(item, DocumentFetched) or item.outcome:
            return None
        if self._already_extracted(item):  # a 304, or the same bytes: still a capture
            self.store.record_unchanged(item.target.document_id, at=item.fetched_at)
            item.outcome = "unchanged"
            return None
        return pages_of_snapshots(self.store, item.snapshots, [p.body for p in item.pages])

    def _failed(self, item, error: ExtractionError):
        target = item.target
        self.store.record_fetch_error(target.document_id, error.kind, error.reason,
                                      at=item.fetched_at, url=target.declaration.url)
        log.warning("%s: %s", target.label, error.reason)
        item.outcome = "error"
        item.error = {"kind": error.kind, "reason": error.reason}
        return item

    def _already_extracted(self, item: DocumentFetched) -> bool:
        """Same snapshots and same declaration as the current version: nothing to extract."""
        if any(s["new"] for s in item.snapshots):
            return False
        current = self.store.current_version(item.target.document_id, with_text=False)
        if current is None or current["declaration_sha256"] != item.target.declaration.sha256:
            return False
        return json.loads(current["snapshot_ids"] or "[]") == [s["id"] for s in item.snapshots]


class RecordVersionPipeline(StorePipeline):
    @records_step_failures
    def process_item(self, item, spider=None):
        if not isinstance(item, DocumentFetched) or item.outcome:
            return item
        version = record_extracted_text(
            self.store, item.target.document_id, item.text, [s["id"] for s in item.snapshots],
            item.target.declaration.sha256, recorded_at=item.fetched_at)
        if version is None:
            self.store.record_unchanged(item.target.document_id, at=item.fetched_at)
            item.outcome = "unchanged"
        else:
            item.version_id = version["id"]
            item.outcome = version["kind"]
            log.info("%s: recorded a new version (%s, %d chars)", item.target.label,
                     version["kind"], version["chars"])
        return item


class CaptureReportPipeline:
    """Tallies outcomes, logs progress every few seconds, writes the report at the end."""

    PROGRESS_EVERY_SECONDS = 5.0

    def __init__(self, report_path: str | None, total: int, stats=None):
        self.report_path = report_path
        self.total = total
        self.stats = stats
        self.counts: Counter = Counter()
        self.documents: list[dict] = []
        self.started = time.monotonic()
        self.last_progress = self.started

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("TERMSWATCH_REPORT"), crawler.settings.getint("TERMSWATCH_TOTAL"),
                   crawler.stats)

    def process_item(self, item, spider=None):
        self.counts[item.outcome or "unknown"] += 1
        entry = {"document_id": item.target.document_id, "service": item.target.declaration.service_id,
                 "terms_type": item.target.declaration.terms_type, "outcome": item.outcome}
        if isinstance(item, DocumentFailed):
            entry.update(kind=item.kind, reason=item.reason)
        elif item.error:
            entry.update(item.error)
        elif item.version_id:
            entry["version_id"] = item.version_id
        self.documents.append(entry)
        now = time.monotonic()
        if now - self.last_progress >= self.PROGRESS_EVERY_SECONDS:
            self.last_progress = now
            done = sum(self.counts.values())
            log.info("captured %d/%d documents (%s)", done, self.total, _summary(self.counts))
        return item

    def close_spider(self, spider=None):
        elapsed = time.monotonic() - self.started
        log.info("capture finished: %d documents in %.1f s (%s)", sum(self.counts.values()), elapsed,
                 _summary(self.counts))
        if self.report_path:
            peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
            store_failure = self.stats.get_value(STORE_FAILURE_STAT) if self.stats else None
            Path(self.report_path).write_text(json.dumps(
                {"counts": dict(self.counts), "documents": self.documents, "elapsed": elapsed,
                 "peak_rss_mb": round(peak_rss_mb, 1), "store_failure": store_failure}))


def _summary(counts: Counter) -> str:
    return ", ".join(f"{counts[k]} {k}" for k in ("first", "change", "unchanged", "error") if counts[k]) or "none"
