"""The worker's scrapy-redis parts: a leased queue class and a per-capture duplicate filter.

A worker's Scrapy runs ``scrapy_redis.scheduler.Scheduler`` (see `scheduler_settings`): every
worker schedules into, and takes from, one request queue in Redis, and one duplicate filter.
Two parts are ours, plugged in through scrapy-redis's own settings:

- `LeasedQueue` (``SCHEDULER_QUEUE_CLASS``). scrapy-redis's queues pop a request and forget
  it (``queue.py``: ``FifoQueue.pop`` is an RPOP), so a worker killed with kill -9 would lose
  what it had popped. Here a pop is a *claim*: the entry moves atomically from the queue to
  the claims with a deadline (`monitor.redis_queue.CaptureQueue.claim`), the worker renews its
  deadlines while it works, and a reaper (any worker, or the recorder) puts expired claims
  back on the queue. A claim ends when its outcome is in Redis: the result handed to the
  recorder, or the next request (next page, redirect, retry) pushed, in the same Lua script.
- `CaptureDupeFilter` (``DUPEFILTER_CLASS``; scrapy-redis's ``RFPDupeFilter``, shared by all
  workers): its fingerprint includes the capture id, so a page is fetched once per capture
  round (a request handed on twice, by a slow worker whose lease ran out and by the one that
  took over, is queued once) and again in the next round.

Entries are JSON (`spiders.redis_serializer`, ``SCHEDULER_SERIALIZER``), never pickle: an
entry that is not a capture request is refused with a one-line log, kept on ``rejected``, and
its document (when readable) gets a recorded error.
"""

from __future__ import annotations

import logging

import redis

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base

from monitor.clock import now_iso
from monitor.redis_queue import PREFIX, CaptureQueue, fingerprint

from .redis_serializer import MalformedRequest, job_of

log = logging.getLogger("termswatch.worker")

# request.meta key of the claim a request was popped with (or made under): never serialized.
CLAIM = "termswatch_claim"
# Refused entries skipped in one pop before handing control back to Scrapy.
REFUSALS_PER_POP = 20


def scheduler_settings(redis_url: str) -> dict:
    """The Scrapy settings that put a crawler on the shared scrapy-redis scheduler."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "spiders.redis_scheduler.LeasedQueue",
        "SCHEDULER_QUEUE_KEY": PREFIX + "requests",
        "SCHEDULER_SERIALIZER": "spiders.redis_serializer",
        # scrapy-redis's Scheduler reads DUPEFILTER_CLASS (scheduler.py, from_settings); both set
        "DUPEFILTER_CLASS": "spiders.redis_scheduler.CaptureDupeFilter",
        "SCHEDULER_DUPEFILTER_CLASS": "spiders.redis_scheduler.CaptureDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": PREFIX + "dupefilter",
        # without it, a worker's Scheduler.close flushes the shared queue and filter of everyone
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        # 0: pop without blocking (a blocking pop would stall the worker's reactor)
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "REDIS_URL": redis_url,
    }


class LeasedQueue(Base):
    """scrapy-redis queue class: FIFO, where a pop is a leased claim (see the module doc)."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        if self.key != PREFIX + "requests":
            raise ValueError(f"SCHEDULER_QUEUE_KEY must be {PREFIX}requests (the recorder queues there)")
        self.capture = CaptureQueue(server)
        self.lease_seconds = spider.settings.getfloat("TERMSWATCH_LEASE_SECONDS", 60.0)
        spider.request_queue = self   # the spider renews, completes and releases through it

    def __len__(self):
        return self.server.llen(self.key)

    def push(self, request):
        claim = request.meta.pop(CLAIM, None)
        try:
            entry = self._encode_request(request)
        except Exception:   # not queued: stop renewing the claim, so its lease runs out and it is redone
            self.capture.held.discard(claim)
            raise
        if claim is None:
            self.capture.push(entry)
        else:   # made while holding a claim: queue it and end the claim, atomically
            self.capture.hand_on(claim, entry)

    def pop(self, timeout=0):
        for _ in range(REFUSALS_PER_POP):
            try:
                claimed = self.capture.claim(1, self.lease_seconds)
            except redis.RedisError as error:   # Redis away for a moment: Scrapy asks again later
                log.warning("cannot reach Redis: %s", error)
                return None
            if not claimed:
                return None
            entry = claimed[0]
            try:
                request = self._decode_request(entry)
            except MalformedRequest as error:
                self.refuse(entry, str(error))
                continue
            except (ValueError, TypeError) as error:   # Scrapy refused to build it (e.g. the URL)
                self.refuse(entry, type(error).__name__)
                continue
            request.meta[CLAIM] = entry
            return request
        return None

    def refuse(self, entry: bytes, reason: str) -> None:
        log.error("refused a request from Redis that is not one (%s); kept on %srejected", reason, PREFIX)
        job = job_of(entry)
        failure = None if job is None else {
            **job, "kind": "internal_error", "reason": f"a worker refused a malformed request from Redis ({reason})",
            "url": "", "at": now_iso(), "status": None}
        self.capture.refuse(entry, failure)

    def clear(self):
        """Never called with SCHEDULER_PERSIST: the queue is everyone's."""
        raise RuntimeError("the shared request queue is not cleared by a worker")


class CaptureDupeFilter(RFPDupeFilter):
    """scrapy-redis's shared filter, with the capture id in the fingerprint."""

    def request_fingerprint(self, request):
        job = request.cb_kwargs.get("job")
        if not isinstance(job, dict) or "capture_id" not in job:
            return super().request_fingerprint(request)
        return fingerprint(request.method, request.url, job["capture_id"])

    def clear(self):
        """Fingerprints are forgotten by the recorder at the end of a round (`end_round`)."""
