"""The daemon (`termswatch run`): keeps every document captured, analysed and published.

Every ``schedule.tick`` (APScheduler), the daemon picks the documents that are due — each
has its own interval (``[schedule]`` in the config) and a fixed per-document jitter so a big
catalogue doesn't hit every site at once — and runs one cycle over them:

    crawl (Scrapy, in a child process) -> diff -> classify -> score
        -> operator alerts for broken documents -> subscriber alerts -> site and feeds

Only documents that are due are fetched; only new records are analysed (each stage is a
catch-up, see `monitor.pipeline`); the site rebuild writes only pages whose data changed.
Runs missed while the daemon was down are not replayed one by one: overdue documents are
simply due, and the next cycle captures them together.

One daemon per state directory (an exclusive lock on ``<home>/termswatch.lock``). SIGTERM or
SIGINT stops it gracefully: the running crawl finishes its in-flight documents, the current
stage commits, and the process exits.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from .capture import CaptureError, CrawlReport, config_network_settings, crawl, document_key, stop_running_crawls
from .clock import parse_iso, to_iso, utcnow
from .config import Config, Schedule
from .declarations import load_catalogues
from .paths import Home, declaration_folders
from .store import Store, open_store

log = logging.getLogger("termswatch.daemon")


class AlreadyRunning(RuntimeError):
    pass


@contextmanager
def instance_lock(home: Home):
    """Hold ``<home>/termswatch.lock`` exclusively, or raise `AlreadyRunning`."""
    home.ensure()
    handle = open(home.lock, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise AlreadyRunning(f"another Termswatch daemon holds {home.lock} (pid {holder})")
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


# -- scheduling --------------------------------------------------------------------------------

def jitter_offset(key: str, jitter: timedelta) -> timedelta:
    """A stable offset in [0, jitter) for one document, so its schedule doesn't wander."""
    if jitter.total_seconds() <= 0:
        return timedelta(0)
    fraction = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0x1_0000_0000
    return timedelta(seconds=fraction * jitter.total_seconds())


def next_run(document: dict, schedule: Schedule) -> datetime:
    """When a document is next due: its last capture + its interval + its jitter (now if never)."""
    if not document.get("last_captured_at"):
        return datetime.min.replace(tzinfo=utcnow().tzinfo)
    key = document_key(document["service_id"], document["terms_type"])
    interval = schedule.interval_for(document["service_id"], document["terms_type"])
    return parse_iso(document["last_captured_at"]) + interval + jitter_offset(key, schedule.jitter)


def due_documents(store: Store, schedule: Schedule, now: datetime, keys: set[str] | None = None) -> list[str]:
    due = []
    for document in store.documents():
        key = document_key(document["service_id"], document["terms_type"])
        if keys is not None and key not in keys:
            continue
        if next_run(document, schedule) <= now:
            due.append(key)
    return due


def _return_free_memory() -> None:
    """Hand the memory a cycle freed back to the system: a long-running process would
    otherwise keep its high-water mark of fragmented heap (glibc only; elsewhere a no-op)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


# -- one cycle ---------------------------------------------------------------------------------

@dataclass
class CycleReport:
    started_at: str
    due: int = 0
    crawl: CrawlReport | None = None
    pipeline: dict = field(default_factory=dict)
    operator_events: int = 0
    alerts_queued: int = 0
    mails_sent: int = 0
    site_pages_written: int = 0
    crawl_failure: str | None = None    # the crawl could not run (crashed, store unwritable)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.due:
            return f"nothing due ({self.seconds:.1f} s)"
        parts = [f"{self.due} documents due"]
        if self.crawl:
            parts.append(self.crawl.summary())
        if self.pipeline:
            parts.append(self.pipeline.get("summary", ""))
        parts.append(f"{self.alerts_queued} alerts queued, {self.mails_sent} mails sent, "
                     f"{self.site_pages_written} site pages written")
        if self.problems:
            parts.append(f"{len(self.problems)} problems")
        return "; ".join(p for p in parts if p) + f" ({self.seconds:.1f} s)"


class Daemon:
    """The scheduled service. `run_cycle` is also `termswatch run --once`."""

    def __init__(self, home: Home, config: Config, redis_url: str | None = None, redis_wait: float = 3600):
        self.home = home
        self.redis_url = redis_url      # captures fetched by workers through Redis (monitor.distributed)
        self.redis_wait = redis_wait
        self.config = config
        self.stopping = threading.Event()
        self.cycles = 0

    @property
    def declarations(self) -> list[Path]:
        """The config's folder, else the catalogue and the user's folder (looked at each
        cycle, so a declaration `add` writes is crawled without a restart)."""
        return [Path(self.config.declarations)] if self.config.declarations else declaration_folders(self.home)

    def run_cycle(self, only_due: bool = True) -> CycleReport:
        started = time.monotonic()
        report = CycleReport(started_at=to_iso(utcnow()))
        store = open_store(self.home)
        try:
            catalogue = load_catalogues(self.declarations)
            for error in catalogue.errors:
                report.problems.append(str(error))
                log.error("invalid declaration skipped: %s", error)
            store.sync_catalogue(catalogue)
            keys = {document_key(d.service_id, d.terms_type) for d in catalogue.documents()}
            due = due_documents(store, self.config.schedule, utcnow(), keys) if only_due else sorted(keys)
            report.due = len(due)
            if due and not self.stopping.is_set():
                try:
                    settings = {**self.config.crawl_settings, **config_network_settings(self.config)}
                    if self.redis_url:
                        from .distributed import crawl as crawl_distributed
                        report.crawl = crawl_distributed(self.home.database, self.redis_url, self.declarations,
                                                         documents=due, settings=settings, wait=self.redis_wait,
                                                         stop=self.stopping)
                    else:
                        report.crawl = crawl(self.home.database, self.declarations, documents=due,
                                             settings=settings)
                except CaptureError as error:
                    report.crawl_failure = str(error)
                    report.problems.append(str(error))
                    log.error("crawl failed: %s", error)
            if not self.stopping.is_set():
                self._after_capture(store, report)
        finally:
            store.close()
        report.seconds = time.monotonic() - started
        self.cycles += 1
        _return_free_memory()
        log.info("cycle %d: %s", self.cycles, report.summary())
        return report

    def _after_capture(self, store: Store, report: CycleReport) -> None:
        """Analyse what is new, then deliver: each delivery step runs even if another fails."""
        from .pipeline import process_new_records

        pipeline = process_new_records(store)
        report.pipeline = {"summary": pipeline.summary(), **pipeline.__dict__}
        for step in (self._deliver_alerts, self._publish_site):
            if self.stopping.is_set():
                return
            try:
                step(store, report)
            except Exception as error:  # e.g. SMTP down: the outbox keeps the mail for later
                log.exception("%s failed", step.__name__)
                report.problems.append(f"{step.__name__}: {error}")

    def _deliver_alerts(self, store: Store, report: CycleReport) -> None:
        from .alerts import process_alerts

        result = process_alerts(store, self.config)
        report.alerts_queued = result["alerts"]
        report.operator_events = result["operator"]
        report.mails_sent = result["delivery"].sent

    def _publish_site(self, store: Store, report: CycleReport) -> None:
        if not self.config.site_build:
            return
        from .site import build_site
        from .site.web_links import site_app_url

        built = build_site(store, self.config.site_out or self.home.site, base_url=self.config.site_url or None,
                           app_url=site_app_url(self.config))
        report.site_pages_written = built.written

    # -- the long-running service ----------------------------------------------------------

    def serve(self) -> None:
        from apscheduler.schedulers.blocking import BlockingScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        scheduler = BlockingScheduler(timezone="UTC")
        scheduler.add_job(self._tick, IntervalTrigger(seconds=max(1, self.config.schedule.tick.total_seconds())),
                          id="tick", coalesce=True, max_instances=1, misfire_grace_time=None,
                          next_run_time=datetime.now().astimezone())

        def shutdown(signum, frame):
            if self.stopping.is_set():
                return
            log.info("received %s: finishing the current step, then stopping", signal.Signals(signum).name)
            self.stopping.set()
            stop_running_crawls()
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        log.info("daemon started: %s, declarations %s, tick every %s", self.home.root, ", ".join(map(str, self.declarations)),
                 self.config.schedule.tick)
        scheduler.start()  # blocks until shutdown
        # BlockingScheduler returns while a job may still run: let it commit its step
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join()
        log.info("daemon stopped after %d cycles", self.cycles)

    def _tick(self) -> None:
        if not self.stopping.is_set():
            self.run_cycle(only_due=True)

