"""The Redis side of distributed capture: scrapy-redis's request queue with leases, results, politeness.

Shared by the recorder (`monitor.distributed`, which explains the protocol) and the workers
(`spiders.redis_worker`, whose Scrapy runs scrapy-redis's scheduler on the queue
`spiders.redis_scheduler.LeasedQueue`, backed by the claims below). Every step that must not
be split by a crash is one Lua script or one Redis transaction; times come from Redis's
clock, so machines' clocks need not agree.
"""

from __future__ import annotations

import base64
import json
import uuid
import zlib

from spiders import redis_serializer

from .capture import CaptureError, CrawlerFailed

PREFIX = "termswatch:"

# A claim is a lease (requests:claims: entry -> deadline) and an owner (requests:owners: entry
# -> worker token); the entry is the serialized request itself, as scrapy-redis queues it.
# The owner matters when a slow worker's lease ran out and another worker claimed the entry
# again: the slow one may still hand back a result (the recorder keeps the first), but it
# must not release or renew the other's claim.

# Pop up to ARGV[2] requests and lease each to worker ARGV[3] until now + ARGV[1] ms, atomically:
# a request is always either on the list or in the claims, so a crash between the two cannot lose it.
_CLAIM = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, tonumber(ARGV[2]) do
  local job = redis.call('LPOP', KEYS[1])
  if not job then break end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), job)
  redis.call('HSET', KEYS[3], job, ARGV[3])
  out[#out + 1] = job
end
return out
"""
# Extend the leases worker ARGV[2] still holds (a request reaped, or claimed by another, is not its).
_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[2] then
    redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i])
  end
end
return #ARGV - 2
"""
# Put requests whose lease ran out back at the head of the queue.
_REAP = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, job in ipairs(stale) do
  redis.call('ZREM', KEYS[2], job)
  redis.call('HDEL', KEYS[3], job)
  redis.call('LPUSH', KEYS[1], job)
end
return #stale
"""
# Worker ARGV[1] hands its claimed requests back at once (it is stopping cleanly).
_RELEASE = """
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[3], ARGV[i]) == ARGV[1] then
    redis.call('ZREM', KEYS[2], ARGV[i])
    redis.call('HDEL', KEYS[3], ARGV[i])
    redis.call('LPUSH', KEYS[1], ARGV[i])
  end
end
return #ARGV - 1
"""
# The end of every hand-back: claim ARGV[2] (keys: claims sorted set KEYS[2], owners hash
# KEYS[3]) ends only if worker ARGV[1] still owns it -- a worker whose lease ran out must not
# end the claim of the worker that took the request over.
_END_OWN_CLAIM = """
if redis.call('HGET', KEYS[3], ARGV[2]) == ARGV[1] then
  redis.call('ZREM', KEYS[2], ARGV[2])
  redis.call('HDEL', KEYS[3], ARGV[2])
end
return 1
"""
# Worker ARGV[1] hands back the result ARGV[3] (none if empty) of claim ARGV[2], and ends its
# claim if the claim is still its own.
_COMPLETE = """
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[1], ARGV[3]) end
""" + _END_OWN_CLAIM
# Queue a document's first request unless the document is already in flight; its fingerprint
# goes into the workers' duplicate filter, as scrapy-redis's scheduler would add it.
_ENQUEUE = """
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('SADD', KEYS[3], ARGV[4])
  redis.call('RPUSH', KEYS[1], ARGV[3])
  return 1
end
return 0
"""
# Worker ARGV[1] queues request ARGV[3] made while it held claim ARGV[2] (the next page of a
# document, a redirect, a retry) and ends that claim, atomically: the work is always either
# claimed or queued.
_HAND_ON = """
redis.call('RPUSH', KEYS[1], ARGV[3])
""" + _END_OWN_CLAIM
# Worker ARGV[1] refuses entry ARGV[2] (not a request): kept aside on `rejected` (the last
# 100), its failure ARGV[3] (if its document is readable) handed to the recorder, claim ended.
_REFUSE = """
redis.call('LPUSH', KEYS[4], ARGV[2])
redis.call('LTRIM', KEYS[4], 0, 99)
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[1], ARGV[3]) end
""" + _END_OWN_CLAIM
# Documents in flight with nothing left anywhere for them (no request queued or claimed, no
# result): their request was lost (refused by a worker as unreadable, deleted, evicted). Each
# gets a failure result ARGV[2] at time ARGV[1], so the recorder records it and lets it go.
# Every step of the protocol moves work in one script, so an empty pipeline is a real loss.
_FAIL_LOST = """
for i = 1, 4 do
  local size = (i == 2) and redis.call('ZCARD', KEYS[i]) or redis.call('LLEN', KEYS[i])
  if size > 0 then return 0 end
end
local inflight = redis.call('HGETALL', KEYS[5])
for i = 1, #inflight, 2 do
  redis.call('RPUSH', KEYS[3], cjson.encode({document_id = tonumber(inflight[i]), capture_id = inflight[i + 1],
    kind = 'internal_error', reason = ARGV[2], url = '', at = ARGV[1]}))
end
return #inflight / 2
"""
# A capture round's fingerprints are forgotten once nothing is in flight (the next round
# fetches every document again, under new capture ids).
_END_ROUND = """
if redis.call('HLEN', KEYS[1]) == 0 then return redis.call('DEL', KEYS[2]) end
return 0
"""
# Take the start slot of a host if it is free (returns 0), else say how many ms until it is.
_TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < free then return free - now end
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], now + delay, 'PX', math.floor(delay + 60000))
return 0
"""


def connect(url: str):
    """A Redis client for ``url`` (``redis://host:port/db``), checked with a PING."""
    import redis

    shown = shown_url(url)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)
        client.ping()
    except ValueError as error:
        raise CaptureError(f"--redis {shown!r}: not a Redis URL ({str(error).replace(url, shown)})")
    except redis.RedisError as error:
        raise CrawlerFailed(f"--redis {shown!r}: cannot reach Redis ({str(error).replace(url, shown)})")
    return client


def shown_url(url: str) -> str:
    """``url`` as it may appear in messages and logs: without its password."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "<unreadable URL>"


# Keys under PREFIX. ``requests`` is scrapy-redis's scheduler queue (SCHEDULER_QUEUE_KEY) and
# ``dupefilter`` its duplicate filter (SCHEDULER_DUPEFILTER_KEY); the rest are ours.
KEYS = ("requests", "requests:claims", "requests:owners", "dupefilter", "inflight", "results", "recording",
        "rejected")


def fingerprint(method: str, url: str, capture_id: str) -> str:
    """A request's fingerprint in the shared duplicate filter: scrapy-redis's (method,
    canonical URL, body) and the capture id, so a page is fetched once per capture round and
    again in the next round."""
    import hashlib

    from w3lib.url import canonicalize_url

    data = json.dumps({"method": method, "url": canonicalize_url(url), "body": "", "capture": capture_id},
                      sort_keys=True)
    return hashlib.sha1(data.encode()).hexdigest()


class CaptureQueue:
    """The Redis side of the protocol, shared by workers and the recorder."""

    def __init__(self, client, prefix: str = PREFIX, worker: str | None = None):
        self.redis = client
        self.worker = worker or uuid.uuid4().hex   # this process's token on its claims
        self.key = {name: prefix + name for name in KEYS}
        self.prefix = prefix
        self.held: set[bytes] = set()              # (worker) claimed, not yet handed on or back
        self._claim = client.register_script(_CLAIM)
        self._renew = client.register_script(_RENEW)
        self._reap = client.register_script(_REAP)
        self._release = client.register_script(_RELEASE)
        self._complete = client.register_script(_COMPLETE)
        self._enqueue = client.register_script(_ENQUEUE)
        self._hand_on = client.register_script(_HAND_ON)
        self._refuse = client.register_script(_REFUSE)
        self._end_round = client.register_script(_END_ROUND)
        self._fail_lost = client.register_script(_FAIL_LOST)
        self._take_slot = client.register_script(_TAKE_SLOT)

    @property
    def _lease_keys(self) -> list[str]:
        return [self.key["requests"], self.key["requests:claims"], self.key["requests:owners"]]

    # -- recorder side -------------------------------------------------------------------

    def enqueue(self, job: dict) -> bool:
        """Queue the request for ``job``'s first page; False when its document is already in
        flight (nothing queued)."""
        first = redis_serializer.page_request(job, 0, [])
        return bool(self._enqueue(
            keys=[self.key["requests"], self.key["inflight"], self.key["dupefilter"]],
            args=[job["document_id"], job["capture_id"], redis_serializer.dumps(first),
                  fingerprint("GET", first["url"], job["capture_id"])]))

    def inflight_count(self) -> int:
        return self.redis.hlen(self.key["inflight"])

    def end_round(self) -> None:
        """Forget the duplicate filter's fingerprints if nothing is in flight any more."""
        self._end_round(keys=[self.key["inflight"], self.key["dupefilter"]])

    def fail_lost(self, at: str) -> int:
        """Hand the recorder a failure for each document in flight whose request is nowhere
        any more; how many."""
        return self._fail_lost(keys=[self.key["requests"], self.key["requests:claims"], self.key["results"],
                                     self.key["recording"], self.key["inflight"]],
                               args=[at, "its request was lost in Redis (refused by a worker as unreadable, or deleted)"])

    def next_result(self, timeout: float) -> bytes | None:
        """Move the oldest result to ``recording`` and return it (None after ``timeout`` s)."""
        return self.redis.blmove(self.key["results"], self.key["recording"], timeout, "LEFT", "RIGHT")

    def reject(self, raw: bytes) -> None:
        """Keep a malformed result aside (``rejected``, the last 100) for an operator to look at."""
        with self.redis.pipeline() as tx:
            tx.lpush(self.key["rejected"], raw)
            tx.ltrim(self.key["rejected"], 0, 99)
            tx.execute()

    def unfinished_results(self) -> list[bytes]:
        """Results a previous recorder took but did not finish recording."""
        return self.redis.lrange(self.key["recording"], 0, -1)

    def done(self, raw: bytes, document_id: int | None, capture_id: str | None) -> None:
        """After the SQLite commit: forget the result, and the document is no longer in flight."""
        with self.redis.pipeline() as tx:
            tx.lrem(self.key["recording"], 1, raw)
            if document_id is not None and capture_id is not None:
                # only if it is still this capture's (compare-and-delete)
                tx.eval("if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
                        "return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0",
                        1, self.key["inflight"], document_id, capture_id)
            tx.execute()

    # -- worker side (through `spiders.redis_scheduler.LeasedQueue`) ----------------------

    def claim(self, count: int, lease_seconds: float) -> list[bytes]:
        """Pop up to ``count`` queued requests, each leased to this worker."""
        claimed = self._claim(keys=self._lease_keys, args=[int(lease_seconds * 1000), count, self.worker])
        self.held.update(claimed)
        return claimed

    def renew(self, lease_seconds: float) -> None:
        """Extend the leases of the claims this worker holds."""
        if self.held:
            self._renew(keys=self._lease_keys[1:], args=[int(lease_seconds * 1000), self.worker, *self.held])

    def hand_on(self, claim: bytes, entry: bytes) -> None:
        """Queue ``entry``, a request made while holding ``claim``, and end the claim."""
        try:
            self._hand_on(keys=self._lease_keys, args=[self.worker, claim, entry])
        finally:   # done, or failed: then its lease runs out and another worker redoes it
            self.held.discard(claim)

    def push(self, entry: bytes) -> None:
        self.redis.rpush(self.key["requests"], entry)

    def complete(self, claim: bytes, result: dict | None) -> None:
        """Hand a result to the recorder and end the claim, in one step (None: just end it)."""
        try:
            self._complete(keys=[self.key["results"], *self._lease_keys[1:]],
                           args=[self.worker, claim, "" if result is None else json.dumps(result)])
        finally:   # done, or failed: then its lease runs out and another worker redoes it
            self.held.discard(claim)

    def refuse(self, claim: bytes, failure: dict | None) -> None:
        """Set aside a claimed entry that is not a request, handing its failure (if its document
        is known) to the recorder."""
        try:
            self._refuse(keys=[self.key["results"], *self._lease_keys[1:], self.key["rejected"]],
                         args=[self.worker, claim, "" if failure is None else json.dumps(failure)])
        finally:   # done, or failed: then its lease runs out and another worker redoes it
            self.held.discard(claim)

    def release(self) -> int:
        """Hand every claim this worker holds back to the queue now (it is stopping cleanly)."""
        held, self.held = list(self.held), set()
        if held:
            self._release(keys=self._lease_keys, args=[self.worker, *held])
        return len(held)

    def reap(self) -> int:
        """Requeue requests whose lease ran out (their worker died or stalled)."""
        return self._reap(keys=self._lease_keys)

    def take_slot(self, host: str, delay_seconds: float) -> float:
        """Politeness across workers: 0 when a request to ``host`` may start now (and the slot is
        taken: the next one may start ``delay`` later), else the seconds to wait and ask again.

        One atomic step on the Redis clock, so however many workers on however many machines,
        requests to one host start at least ``delay`` apart. (Reserving future slots instead
        would let a late-waking worker start right before the next slot's owner.)"""
        wait_ms = self._take_slot(keys=[f"{self.prefix}polite:{host.lower()}"], args=[int(delay_seconds * 1000)])
        return int(wait_ms) / 1000


def encode_body(body: bytes | None) -> str | None:
    return None if body is None else base64.b64encode(zlib.compress(body, 6)).decode("ascii")


def decode_body(text: str | None) -> bytes | None:
    return None if text is None else zlib.decompress(base64.b64decode(text))
