"""The capture worker (`termswatch worker --redis URL`): fetches what the recorder queued, nothing else.

A worker's Scrapy runs scrapy-redis's scheduler on the shared queue (`spiders.redis_scheduler`:
requests are claimed with a lease, duplicates filtered per capture round, entries JSON and
validated). The recorder queues each document's first page request; the worker fetches it
with the same Scrapy settings as a local crawl (the network boundary of ``spiders.boundary``
included: a worker refuses private addresses unless *its* environment or settings opt in),
queues the next page of a document of several pages, and hands each fetched document or
failure back through Redis to the recorder. It never opens the store.

Politeness across workers: the local per-process delay (``DOWNLOAD_DELAY``, AutoThrottle) is
replaced by `SharedPolitenessMiddleware`, which takes each request's start slot per host in
Redis; ``CONCURRENT_REQUESTS_PER_DOMAIN`` still bounds each worker's parallel requests.
"""

from __future__ import annotations

import asyncio
import logging
import random
import warnings
from typing import Any
from urllib.parse import urlsplit

import redis
import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy.utils.request import request_from_dict
from twisted.internet import task

from monitor.clock import now_iso
from monitor.redis_queue import CaptureQueue, connect, encode_body, shown_url

from . import redis_serializer
from .documents import _headers, describe_failure
from .redis_scheduler import CLAIM, scheduler_settings

log = logging.getLogger("termswatch.worker")

# How often the worker renews its leases, requeues stale ones and looks for queued requests (s).
POLL_SECONDS = 0.2


class RedisWorkerSpider(scrapy.Spider):
    """Takes its requests from the shared scheduler queue; `parse_page` / `page_failed` are the
    only callbacks an entry may name (`spiders.redis_serializer`)."""

    name = "redis_worker"
    request_queue = None   # the scheduler's `LeasedQueue`, set when the scheduler opens

    def __init__(self, lease_seconds: float, **kwargs: Any):
        super().__init__(**kwargs)
        self.lease_seconds = lease_seconds
        self._ticks = 0
        self._loop: task.LoopingCall | None = None   # made once running: it takes the reactor

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.keep_running, signal=signals.spider_idle)
        crawler.signals.connect(spider.started, signal=signals.spider_opened)
        crawler.signals.connect(spider.stopped, signal=signals.spider_closed)
        crawler.signals.connect(spider.dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.callback_failed, signal=signals.spider_error)
        return spider

    async def start(self):
        return
        yield  # requests come from the shared scheduler queue

    def started(self, spider=None) -> None:
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(POLL_SECONDS, now=True)

    def keep_running(self, spider=None) -> None:
        raise DontCloseSpider  # a worker waits for work until it is stopped

    def stopped(self, spider=None) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        released = self.request_queue.capture.release() if self.request_queue is not None else 0
        if released:  # unfinished requests go back to the queue now rather than when their lease ends
            log.info("released %d unfinished requests", released)

    def dropped(self, request, spider=None) -> None:
        """The duplicate filter refused a request made under a claim (another worker already
        queued the same page of the same capture): the claim's work is done."""
        claim = request.meta.get(CLAIM)
        if claim is not None and self.request_queue is not None:
            self.request_queue.capture.complete(claim, None)

    def callback_failed(self, failure, response, spider=None) -> None:
        """A bug in a callback: the document's capture is a recorded error, not a claim renewed
        for ever (nor redone for ever by other workers)."""
        if response is None:
            return
        claim, job = response.meta.get(CLAIM), response.request.cb_kwargs.get("job")
        if claim is not None and job is not None and self.request_queue is not None:
            log.error("document %s: the worker failed on %s (%s)", job.get("document_id"), response.url,
                      type(failure.value).__name__)
            self.request_queue.capture.complete(claim, self.failure(
                claim, job, "internal_error", f"the worker failed on this page ({type(failure.value).__name__})",
                response.url, None)["result"])

    def tick(self) -> None:
        try:
            self._tick()
        except redis.RedisError as error:  # Redis away for a moment: keep polling (leases may lapse)
            log.warning("cannot reach Redis: %s", error)

    def _tick(self) -> None:
        if self.request_queue is None:
            return
        self._ticks += 1
        every = max(1, int(self.lease_seconds / 3 / POLL_SECONDS))
        if self._ticks % every == 0:
            self.request_queue.capture.renew(self.lease_seconds)
            if self.request_queue.capture.reap():
                log.warning("requeued requests whose worker stopped renewing its lease")
        # Scrapy asks an idle scheduler for requests every 5 s (its engine heartbeat); requests
        # queued by the recorder or another worker should start sooner.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and len(self.request_queue):
            slot.nextcall.schedule()

    def page_request(self, job: dict, index: int, pages: list[dict], claim: bytes) -> scrapy.Request:
        request = request_from_dict(redis_serializer.page_request(job, index, pages), spider=self)
        request.meta[CLAIM] = claim   # queued by LeasedQueue.push, which ends this claim
        return request

    def parse_page(self, response, job: dict, index: int, pages: list[dict]):
        claim = response.meta[CLAIM]
        if response.status == 304 and "If-None-Match" not in response.request.headers \
                and "If-Modified-Since" not in response.request.headers:
            yield self.failure(claim, job, "http_status", f"unexpected 304 Not Modified from {response.url}",
                               response.url, 304)
            return
        pages = pages + [{"url": job["pages"][index]["url"], "final_url": response.url, "status": response.status,
                          "headers": _headers(response), "fetched_at": now_iso(),
                          "body": None if response.status == 304 else encode_body(response.body)}]
        if index + 1 < len(job["pages"]):
            yield self.page_request(job, index + 1, pages, claim)
        else:
            yield {"claim": claim, "result": {"capture_id": job["capture_id"], "document_id": job["document_id"],
                                              "pages": pages}}

    def page_failed(self, failure):
        request = failure.request
        kind, reason, status = describe_failure(failure, request.url)
        yield self.failure(request.meta[CLAIM], request.cb_kwargs["job"], kind, reason, request.url, status)

    @staticmethod
    def failure(claim: bytes, job: dict, kind: str, reason: str, url: str, status: int | None) -> dict:
        return {"claim": claim, "result": {"capture_id": job["capture_id"], "document_id": job["document_id"],
                                           "kind": kind, "reason": reason, "url": url, "at": now_iso(),
                                           "status": status}}


class HandBackPipeline:
    """Pushes each result to the recorder and ends its claim (one Redis step)."""

    def process_item(self, item, spider=None):
        spider = spider or self.crawler.spider
        spider.request_queue.capture.complete(item["claim"], item["result"])
        return None

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline


class SharedPolitenessMiddleware:
    """Spaces requests to one host across every worker (see `CaptureQueue.take_slot`)."""

    def __init__(self, queue: CaptureQueue, delay: float):
        self.queue, self.delay = queue, delay

    @classmethod
    def from_crawler(cls, crawler):
        queue = CaptureQueue(connect(crawler.settings.get("TERMSWATCH_REDIS_URL")))
        return cls(queue, crawler.settings.getfloat("TERMSWATCH_SHARED_DELAY"))

    async def process_request(self, request, spider=None):
        host = urlsplit(request.url).hostname or ""
        while self.delay > 0 and host:
            wait = self.queue.take_slot(host, self.delay)
            if wait <= 0:
                break
            # a little jitter, so workers waiting for the same slot do not all ask at once
            await asyncio.sleep(wait + random.uniform(0, 0.02))
        return None


def worker_settings(redis_url: str, overrides: dict | None = None, lease_seconds: float = 60.0,
                    capacity: int | None = None):
    """The local crawl's settings, with politeness shared through Redis and results handed back."""
    from scrapy.settings import Settings

    from . import settings as default_settings

    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.update(overrides or {}, priority="cmdline")
    shared_delay = settings.getfloat("DOWNLOAD_DELAY")
    settings.update({
        "TERMSWATCH_REDIS_URL": redis_url,
        "TERMSWATCH_SHARED_DELAY": shared_delay,
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,   # per process: replaced by the shared delay
        "DOWNLOADER_MIDDLEWARES": {**settings.getdict("DOWNLOADER_MIDDLEWARES"),
                                   "spiders.redis_worker.SharedPolitenessMiddleware": 940},
        "ITEM_PIPELINES": {"spiders.redis_worker.HandBackPipeline": 100},
        "LOG_INSTALL_ROOT_HANDLER": False,
        "TERMSWATCH_LEASE_SECONDS": lease_seconds,
        **({"CONCURRENT_REQUESTS": capacity} if capacity else {}),   # the requests held (claimed) at once
        **scheduler_settings(redis_url),
    }, priority="cmdline")
    return settings


def run_worker(redis_url: str, overrides: dict | None = None, lease_seconds: float = 60.0,
               capacity: int | None = None) -> None:
    """Run a worker until SIGTERM / SIGINT (unfinished jobs are handed back to the queue)."""
    from scrapy.crawler import CrawlerProcess

    from monitor.capture import _quiet_scrapy_logs

    connect(redis_url)   # a clear one-line error before Scrapy starts
    settings = worker_settings(redis_url, overrides, lease_seconds, capacity)
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:  # Scrapy announces itself at INFO
        for handler in logging.getLogger().handlers:
            handler.addFilter(lambda r: r.levelno >= logging.WARNING or not r.name.startswith("scrapy"))
    # scrapy-redis 0.9.1 still calls APIs Scrapy deprecated (Spider.log, stats' spider argument)
    warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")
    process = CrawlerProcess(settings)
    _quiet_scrapy_logs()
    capacity = settings.getint("CONCURRENT_REQUESTS")
    crashes = []
    process.crawl(RedisWorkerSpider, lease_seconds=lease_seconds).addErrback(crashes.append)
    log.info("worker started: %s, up to %d documents at once, lease %g s", shown_url(redis_url), capacity, lease_seconds)
    process.start()
    if crashes:
        raise RuntimeError(f"the worker failed: {crashes[0].value}")
