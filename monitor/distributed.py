"""Capture past one machine: crawler workers anywhere, one recorder that owns the store.

    recorder (`crawl --redis` / `run --redis`)          workers (`termswatch worker --redis`)
      plan due documents -> requests --- Redis ------->  scrapy-redis scheduler: claim requests
                                                         (leased), fetch politely
      record results (snapshot -> version) <-- Redis --  push each fetched page or failure

Redis keys (all under ``termswatch:``):

``requests``    the workers' scrapy-redis scheduler queue (``SCHEDULER_QUEUE_KEY``): JSON
                requests (`spiders.redis_serializer`), each carrying its capture job (capture
                id, document id, pages and validators). The recorder queues each document's
                first page; a worker queues the next page of a document of several pages.
``requests:claims`` / ``requests:owners``
                the leases: entry -> deadline (ms, Redis clock) and entry -> the claiming
                worker's token. A worker's pop (`spiders.redis_scheduler.LeasedQueue`) moves an
                entry from ``requests`` to the claims in one Lua script and renews its
                deadlines while it works; a worker killed with kill -9 stops renewing, and the
                next reap (by any worker or the recorder) puts its entries back on ``requests``.
``dupefilter``  scrapy-redis's shared duplicate filter; fingerprints include the capture id.
                Forgotten once nothing is in flight (the end of a round).
``inflight``    hash document id -> capture id: a document already queued is not queued again
                (a daemon cycle that starts while the previous one's jobs are out).
``results``     list of fetched documents / failures (JSON, bodies zlib + base64), pushed in the
                same Lua script that ends the request's claim.
``recording``   the recorder moves a result here (LMOVE) before recording it and removes it
                only after the SQLite commit; a recorder killed mid-way finds it here again.
``rejected``    the last 100 entries or results that were not ones, for an operator to look at.
``polite:HOST`` the earliest time (ms, Redis clock) the next request to HOST may start:
                politeness per domain holds across all workers (see `take_slot`).

A document in flight with nothing left for it anywhere (its entry refused as unreadable,
deleted, evicted) is recorded as an error rather than waited for (`CaptureQueue.fail_lost`).

Exactly once means recorded once; fetching twice is allowed (a lease that expired while a
slow worker was still fetching). Every job carries a capture id; the recorder notes each
recorded capture id in the store (``distributed_captures``), and a result whose id is there
is dropped. A recorder killed between recording a result and noting its id replays it on
restart: the same bytes add no snapshot and the same text no version (the store compares with
the latest), and a replayed failure with the same time and kind is not recorded again.

Only the recorder writes SQLite; workers need nothing but Redis and the network.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .capture import (CaptureError, CrawlerFailed, CrawlReport, check_network_opt_ins, declaration_roots,
                      plan_targets)
from .clock import now_iso
from .declarations import load_catalogues
from .redis_queue import CaptureQueue, connect, decode_body
from .store import Store

log = logging.getLogger("termswatch.distributed")

def job_for(target) -> dict:
    """What a worker needs to fetch one document: its pages, with their validators."""
    pages = []
    for index, page in enumerate(target.declaration.pages):
        validators = target.validators[index] if index < len(target.validators) else {}
        pages.append({"url": page.fetch, "validators": dict(validators)})
    return {"capture_id": uuid.uuid4().hex, "document_id": target.document_id, "label": target.label,
            "pages": pages}


class BadResult(ValueError):
    """A result from Redis that does not have the shape a worker writes."""


def item_from_result(result: dict, target):
    """The local crawl's item for a worker's result (`DocumentFetched` or `DocumentFailed`).

    Results come from other machines: every field is checked for its type, so a malformed one
    is refused as a whole (`BadResult`) instead of half-recorded."""
    from spiders.items import DocumentFailed, DocumentFetched, FetchedPage

    def text(value, name):
        if not isinstance(value, str):
            raise BadResult(f"{name} is not text")
        return value

    try:
        if result.get("pages") is not None:
            pages = []
            for page in result["pages"]:
                headers = page["headers"]
                if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
                    raise BadResult("headers are not text")
                pages.append(FetchedPage(
                    url=text(page["url"], "url"), final_url=text(page["final_url"], "final_url"),
                    status=int(page["status"]), headers=headers, body=decode_body(page["body"]),
                    fetched_at=text(page["fetched_at"], "fetched_at")))
            if len(pages) != len(target.declaration.pages):
                raise BadResult(f"{len(pages)} pages for a document of {len(target.declaration.pages)}")
            return DocumentFetched(target=target, pages=pages, fetched_at=pages[0].fetched_at)
        status = result.get("status")
        return DocumentFailed(target=target, kind=text(result["kind"], "kind"), reason=text(result["reason"], "reason"),
                              url=text(result["url"], "url"), at=text(result["at"], "at"),
                              status=None if status is None else int(status))
    except BadResult:
        raise
    except (KeyError, TypeError, ValueError, zlib.error) as error:  # binascii.Error is a ValueError
        raise BadResult(f"{type(error).__name__}: {error}")


# -- the recorder ------------------------------------------------------------------------------

@dataclass
class _Recorder:
    """Turns results into the local crawl's items and runs them through its pipeline steps."""

    store: Store
    targets: dict                       # document id -> CaptureTarget
    settings: object                    # Scrapy settings the pipeline steps read

    def __post_init__(self):
        from spiders.pipelines import (ExtractTextPipeline, RecordFailurePipeline, RecordVersionPipeline,
                                       StoreSnapshotsPipeline)

        self.store.ensure_distributed_captures()
        self.steps = []
        for step in (RecordFailurePipeline, StoreSnapshotsPipeline, ExtractTextPipeline, RecordVersionPipeline):
            pipeline = step(None, self.settings)  # the store is ours, already open
            pipeline.store = self.store
            if step is ExtractTextPipeline:  # what its open_spider would do
                from .versions import ExtractionSettings

                pipeline.use(ExtractionSettings.from_settings(self.settings))
            self.steps.append(pipeline)

    def recorded(self, capture_id: str) -> bool:
        return self.store.distributed_capture_recorded(capture_id)

    def record(self, result: dict) -> dict | None:
        """Record one result; returns the report entry, or None when it was recorded before.
        Raises `BadResult` (nothing recorded) for a result that is not one."""
        from spiders.items import DocumentFailed

        capture_id, document_id = str(result["capture_id"]), int(result["document_id"])
        if self.recorded(capture_id):
            return None
        target = self.targets[document_id]
        try:
            item = item_from_result(result, target)
        except BadResult as error:  # the capture is a recorded error, never half a snapshot
            reason = f"a worker's result could not be read ({error})"
            self.store.record_fetch_error(document_id, "internal_error", reason, url=target.declaration.url)
            log.error("%s: %s", target.label, reason)
            self._note(capture_id, document_id, "error")
            return {"document_id": document_id, "service": target.declaration.service_id,
                    "terms_type": target.declaration.terms_type, "outcome": "error", "kind": "internal_error",
                    "reason": reason, "rejected": True}
        if isinstance(item, DocumentFailed) and self._failure_already_recorded(document_id, result):
            item = None  # replayed after a crash between recording it and noting its capture id
        if item is not None:
            for step in self.steps:   # each as the crawl runs it, extraction blocking here
                item = getattr(step, "process_item_blocking", step.process_item)(item)
        outcome = item.outcome if item is not None else "error"
        self._note(capture_id, document_id, outcome)
        entry = {"document_id": document_id, "service": target.declaration.service_id,
                 "terms_type": target.declaration.terms_type, "outcome": outcome}
        if item is None or isinstance(item, DocumentFailed):
            entry.update(kind=result["kind"], reason=result["reason"])
        elif item is not None and item.error:
            entry.update(item.error)
        elif item is not None and item.version_id:
            entry["version_id"] = item.version_id
        return entry

    def _note(self, capture_id: str, document_id: int, outcome: str) -> None:
        self.store.note_distributed_capture(capture_id, document_id, outcome, now_iso())

    def _failure_already_recorded(self, document_id: int, result: dict) -> bool:
        return self.store.has_fetch_error(document_id, result["at"], result["kind"])


def crawl(database: str | Path, redis_url: str, declarations: str | Path | None = None,
          services: Iterable[str] = (), settings: dict | None = None, documents: Iterable[str] | None = None,
          wait: float | None = None, stop=None) -> CrawlReport:
    """Queue the documents for the workers at ``redis_url`` and record what they return.

    Returns when every document of this crawl (and any still in flight from an interrupted
    one) has been recorded, or when ``stop`` (a `threading.Event`: the daemon stopping) is
    set; raises `CrawlerFailed` after ``wait`` seconds without all of them. What is not
    recorded stays in Redis: a later crawl records it."""
    import redis
    from scrapy.settings import Settings

    from spiders import settings as default_settings

    from .crawl_settings import CrawlSettingError, check_crawl_settings

    try:
        check_crawl_settings(settings or {})
    except CrawlSettingError as error:
        raise CaptureError(str(error))
    check_network_opt_ins(settings)
    queue = CaptureQueue(connect(redis_url))
    catalogue = load_catalogues(declaration_roots(declarations))
    for error in catalogue.errors:
        log.error("invalid declaration skipped: %s", error)
    scrapy_settings = Settings()
    scrapy_settings.setmodule(default_settings, priority="project")
    scrapy_settings.update(settings or {}, priority="cmdline")
    started = time.monotonic()
    store = Store.open(database)
    try:
        targets = plan_targets(store, catalogue, services, documents)
        everything = {t.document_id: t for t in plan_targets(store, catalogue)} if documents or services else {}
        by_id = {**everything, **{t.document_id: t for t in targets}}
        queued = sum(queue.enqueue(job_for(target)) for target in targets)
        log.info("queued %d documents for the workers (%d already in flight)", queued, len(targets) - queued)
        recorder = _Recorder(store, by_id, scrapy_settings)
        entries = _record_until_done(queue, recorder, wait, started, stop)
    except CaptureError:
        raise
    except redis.RedisError as error:  # what is not recorded stays in Redis for the next run
        raise CrawlerFailed(f"lost Redis while recording: {error}")
    except RuntimeError as error:      # a pipeline step found the store unwritable
        raise CrawlerFailed(f"the store cannot be written, recording stopped: {error}")
    finally:
        store.close()
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry["outcome"]] = counts.get(entry["outcome"], 0) + 1
    return CrawlReport(counts=counts, documents=entries, declaration_errors=[str(e) for e in catalogue.errors],
                       elapsed=time.monotonic() - started)


def _record_until_done(queue: CaptureQueue, recorder: _Recorder, wait: float | None, started: float,
                       stop=None) -> list[dict]:
    entries = []

    def take(raw: bytes) -> None:
        try:
            result = json.loads(raw)
            capture_id, document_id = str(result["capture_id"]), int(result["document_id"])
        except (ValueError, KeyError, TypeError) as error:
            log.error("dropped a result that is not one (%s)", type(error).__name__)
            queue.reject(raw)
            queue.done(raw, None, None)
            return
        if document_id not in recorder.targets:  # a document no longer in the catalogue
            log.warning("dropped the result for document %d: not in the catalogue", document_id)
            queue.done(raw, document_id, capture_id)
            return
        entry = recorder.record(result)
        if entry is not None and entry.pop("rejected", False):
            queue.reject(raw)  # kept aside for an operator to look at
        queue.done(raw, document_id, capture_id)
        if entry is not None:
            entries.append(entry)

    for raw in queue.unfinished_results():
        take(raw)
    last_reap = 0.0
    while queue.inflight_count() and not (stop is not None and stop.is_set()):
        if wait is not None and time.monotonic() - started > wait:
            left = queue.inflight_count()
            raise CrawlerFailed(f"{left} documents were not captured by the workers within {wait:g} s "
                                f"(are workers running? they stay queued)")
        if time.monotonic() - last_reap > 1.0:
            last_reap = time.monotonic()
            if queue.reap():
                log.warning("requeued requests whose worker stopped renewing its lease")
        raw = queue.next_result(timeout=1.0)
        if raw is not None:
            take(raw)
        elif queue.fail_lost(now_iso()):
            log.error("documents in flight whose request was lost in Redis are recorded as errors")
    queue.end_round()
    return entries
