"""The capture worker (`termswatch worker --redis URL`): fetches jobs from Redis, nothing else.

A worker claims jobs from the shared queue with a lease (`monitor.redis_queue.CaptureQueue`),
fetches each document's pages with the same Scrapy settings as a local crawl (the network
boundary of ``spiders.boundary`` included: a worker refuses private addresses unless *its*
environment or settings opt in), and hands every fetched page or failure back through Redis
to the recorder. It never opens the store.

Politeness across workers: the local per-process delay (``DOWNLOAD_DELAY``, AutoThrottle) is
replaced by `SharedPolitenessMiddleware`, which takes each request's start slot per host in
Redis; ``CONCURRENT_REQUESTS_PER_DOMAIN`` still bounds each worker's parallel requests.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any
from urllib.parse import urlsplit

import redis
import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

from monitor.clock import now_iso
from monitor.redis_queue import CaptureQueue, connect, encode_body, shown_url

from .documents import _headers, describe_failure

log = logging.getLogger("termswatch.worker")

# How often the worker looks for jobs, renews its leases and requeues stale ones (seconds).
POLL_SECONDS = 0.2


class RedisWorkerSpider(scrapy.Spider):
    name = "redis_worker"

    def __init__(self, queue: CaptureQueue, lease_seconds: float, capacity: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.queue = queue
        self.lease_seconds = lease_seconds
        self.capacity = capacity              # jobs held at once
        self.held: set[bytes] = set()         # claimed, not yet handed back
        self._ticks = 0
        self._loop: task.LoopingCall | None = None   # made once running: it takes the reactor

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.keep_running, signal=signals.spider_idle)
        crawler.signals.connect(spider.started, signal=signals.spider_opened)
        crawler.signals.connect(spider.stopped, signal=signals.spider_closed)
        return spider

    async def start(self):
        return
        yield  # jobs arrive through `tick`

    def started(self, spider=None) -> None:
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(POLL_SECONDS, now=True)

    def keep_running(self, spider=None) -> None:
        raise DontCloseSpider  # a worker waits for work until it is stopped

    def stopped(self, spider=None) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.held:  # unfinished jobs go back to the queue now rather than when their lease ends
            self.queue.release(self.held)
            log.info("released %d unfinished jobs", len(self.held))

    def tick(self) -> None:
        try:
            self._tick()
        except redis.RedisError as error:  # Redis away for a moment: keep polling (leases may lapse)
            log.warning("cannot reach Redis: %s", error)

    def _tick(self) -> None:
        self._ticks += 1
        every = max(1, int(self.lease_seconds / 3 / POLL_SECONDS))
        if self._ticks % every == 0:
            self.queue.renew(self.held, self.lease_seconds)
            if self.queue.reap():
                log.warning("requeued jobs whose worker stopped renewing its lease")
        self.refill()

    def refill(self) -> None:
        """Claim jobs up to capacity: on every tick, and as soon as a document is handed back."""
        room = self.capacity - len(self.held)
        if room <= 0:
            return
        for raw in self.queue.claim(room, self.lease_seconds):
            self.held.add(raw)
            try:
                job = json.loads(raw)
                request = self.page_request(raw, job, 0, [])
            except (ValueError, KeyError, TypeError, IndexError) as error:  # not a recorder's job
                log.error("dropped a job that is not one (%s)", type(error).__name__)
                self.queue.complete(raw, None)
                self.held.discard(raw)
                continue
            self.crawler.engine.crawl(request)

    def page_request(self, raw: bytes, job: dict, index: int, pages: list[dict]) -> scrapy.Request:
        page = job["pages"][index]
        validators = page.get("validators") or {}
        headers = {}
        if validators.get("ETag"):
            headers["If-None-Match"] = validators["ETag"]
        if validators.get("Last-Modified"):
            headers["If-Modified-Since"] = validators["Last-Modified"]
        return scrapy.Request(page["url"], headers=headers, callback=self.parse_page, errback=self.page_failed,
                              dont_filter=True, meta={"handle_httpstatus_list": [304]},
                              cb_kwargs={"raw": raw, "job": job, "index": index, "pages": pages})

    def parse_page(self, response, raw: bytes, job: dict, index: int, pages: list[dict]):
        if response.status == 304 and "If-None-Match" not in response.request.headers \
                and "If-Modified-Since" not in response.request.headers:
            yield self.failure(raw, job, "http_status", f"unexpected 304 Not Modified from {response.url}",
                               response.url, 304)
            return
        pages = pages + [{"url": job["pages"][index]["url"], "final_url": response.url, "status": response.status,
                          "headers": _headers(response), "fetched_at": now_iso(),
                          "body": None if response.status == 304 else encode_body(response.body)}]
        if index + 1 < len(job["pages"]):
            yield self.page_request(raw, job, index + 1, pages)
        else:
            yield {"raw": raw, "result": {"capture_id": job["capture_id"], "document_id": job["document_id"],
                                          "pages": pages}}

    def page_failed(self, failure):
        request = failure.request
        kind, reason, status = describe_failure(failure, request.url)
        yield self.failure(request.cb_kwargs["raw"], request.cb_kwargs["job"], kind, reason, request.url, status)

    @staticmethod
    def failure(raw: bytes, job: dict, kind: str, reason: str, url: str, status: int | None) -> dict:
        return {"raw": raw, "result": {"capture_id": job["capture_id"], "document_id": job["document_id"],
                                       "kind": kind, "reason": reason, "url": url, "at": now_iso(),
                                       "status": status}}


class HandBackPipeline:
    """Pushes each result to the recorder and releases its job (one Redis transaction)."""

    def process_item(self, item, spider=None):
        spider = spider or self.crawler.spider
        spider.queue.complete(item["raw"], item["result"])
        spider.held.discard(item["raw"])
        spider.refill()
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


def worker_settings(redis_url: str, overrides: dict | None = None):
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
    }, priority="cmdline")
    return settings


def run_worker(redis_url: str, overrides: dict | None = None, lease_seconds: float = 60.0,
               capacity: int | None = None) -> None:
    """Run a worker until SIGTERM / SIGINT (unfinished jobs are handed back to the queue)."""
    from scrapy.crawler import CrawlerProcess

    from monitor.capture import _quiet_scrapy_logs

    queue = CaptureQueue(connect(redis_url))
    settings = worker_settings(redis_url, overrides)
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:  # Scrapy announces itself at INFO
        for handler in logging.getLogger().handlers:
            handler.addFilter(lambda r: r.levelno >= logging.WARNING or not r.name.startswith("scrapy"))
    process = CrawlerProcess(settings)
    _quiet_scrapy_logs()
    capacity = capacity or settings.getint("CONCURRENT_REQUESTS")
    crashes = []
    process.crawl(RedisWorkerSpider, queue=queue, lease_seconds=lease_seconds, capacity=capacity) \
        .addErrback(crashes.append)
    log.info("worker started: %s, up to %d documents at once, lease %g s", shown_url(redis_url), capacity, lease_seconds)
    process.start()
    if crashes:
        raise RuntimeError(f"the worker failed: {crashes[0].value}")
