"""The worker's scrapy-redis parts against a real redis-server: scrapy-redis's own Scheduler
running our leased queue class, duplicate filter and JSON serializer (no reactor needed: the
scheduler is driven the way Scrapy's engine drives it, enqueue_request / next_request)."""

from __future__ import annotations

import json
import time

import pytest
from scrapy.crawler import Crawler
from scrapy_redis.scheduler import Scheduler

from monitor.redis_queue import CaptureQueue
from spiders import redis_serializer
from spiders.redis_worker import RedisWorkerSpider, worker_settings
from tests.test_distributed import redis_url  # noqa: F401  (the fixture: a redis-server of its own)

pytestmark = pytest.mark.slow


def job(capture_id: str = "c1", document_id: int = 7, pages: int = 1) -> dict:
    return {"capture_id": capture_id, "document_id": document_id, "label": "Example / Terms",
            "pages": [{"url": f"http://127.0.0.1:9/page{i}", "validators": {}} for i in range(pages)]}


def open_scheduler(url: str, lease_seconds: float = 60.0) -> tuple[Scheduler, RedisWorkerSpider]:
    """One worker's scheduler, built by scrapy-redis from the worker's settings."""
    crawler = Crawler(RedisWorkerSpider, worker_settings(url, {"DOWNLOAD_DELAY": 0}, lease_seconds=lease_seconds))
    spider = RedisWorkerSpider.from_crawler(crawler, lease_seconds=lease_seconds)
    scheduler = Scheduler.from_settings(crawler.settings)
    scheduler.open(spider)
    return scheduler, spider


def test_a_request_claimed_by_a_worker_that_died_is_taken_by_the_other(redis_url):  # noqa: F811
    import redis

    client = redis.Redis.from_url(redis_url)
    CaptureQueue(client).enqueue(job())
    dead, _ = open_scheduler(redis_url, lease_seconds=0.3)
    alive, _ = open_scheduler(redis_url, lease_seconds=0.3)
    taken = dead.next_request()                       # popped = claimed, then the worker is killed
    assert taken.url == "http://127.0.0.1:9/page0" and taken.cb_kwargs["job"]["capture_id"] == "c1"
    assert taken.callback.__name__ == "parse_page" and taken.errback.__name__ == "page_failed"
    assert len(alive) == 0 and alive.next_request() is None       # not on the queue: claimed
    assert client.zcard("termswatch:requests:claims") == 1
    time.sleep(0.4)                                   # the dead worker never renews
    assert alive.queue.capture.reap() == 1
    again = alive.next_request()
    assert again.url == taken.url and again.cb_kwargs == taken.cb_kwargs
    # the live worker renews its claim: it outlasts the lease
    time.sleep(0.2)
    alive.queue.capture.renew(0.3)
    time.sleep(0.2)
    assert alive.queue.capture.reap() == 0 and client.zcard("termswatch:requests:claims") == 1


def test_the_next_page_is_queued_and_the_claim_ended_in_one_step(redis_url):  # noqa: F811
    import redis

    client = redis.Redis.from_url(redis_url)
    CaptureQueue(client).enqueue(job(pages=2))
    scheduler, spider = open_scheduler(redis_url)
    first = scheduler.next_request()
    fetched = {"url": first.url, "final_url": first.url, "status": 200, "headers": {},
               "fetched_at": "2026-12-05T00:00:00Z", "body": None}
    following = spider.page_request(first.cb_kwargs["job"], 1, [fetched], first.meta["termswatch_claim"])
    assert scheduler.enqueue_request(following)
    assert client.zcard("termswatch:requests:claims") == 0 and len(scheduler) == 1
    second = scheduler.next_request()
    assert second.url.endswith("/page1") and second.cb_kwargs["pages"] == [fetched]


def test_the_shared_duplicate_filter_lets_a_page_through_once_per_capture(redis_url):  # noqa: F811
    """Two workers hand on the same next page of the same capture (the first one's lease ran
    out while it fetched): queued once. The next round (a new capture id) is queued again."""
    import redis

    client = redis.Redis.from_url(redis_url)
    worker_a, spider_a = open_scheduler(redis_url)
    worker_b, spider_b = open_scheduler(redis_url)
    assert worker_a.enqueue_request(spider_a.page_request(job(pages=2), 1, [_page()], b"claim-a"))
    assert not worker_b.enqueue_request(spider_b.page_request(job(pages=2), 1, [_page()], b"claim-b"))
    assert len(worker_a) == 1
    assert worker_b.enqueue_request(spider_b.page_request(job("c2", pages=2), 1, [_page()], b"claim-c"))
    assert len(worker_a) == 2
    # the recorder's first-page requests are in the same filter
    CaptureQueue(client).enqueue(job("c3", document_id=8))
    first_page = spider_a.page_request(job("c3", document_id=8), 0, [], b"claim-d")
    assert not worker_a.enqueue_request(first_page)
    # once nothing is in flight, the round's fingerprints are forgotten
    CaptureQueue(client).done(b"", 8, "c3")
    CaptureQueue(client).end_round()
    assert client.exists("termswatch:dupefilter") == 0


def _page() -> dict:
    return {"url": "http://127.0.0.1:9/page0", "final_url": "http://127.0.0.1:9/page0", "status": 200,
            "headers": {}, "fetched_at": "2026-12-05T00:00:00Z", "body": None}


def test_entries_are_json_never_pickle_and_a_forged_one_is_refused(redis_url, caplog):  # noqa: F811
    import redis

    client = redis.Redis.from_url(redis_url)
    CaptureQueue(client).enqueue(job())
    [entry] = client.lrange("termswatch:requests", 0, -1)
    assert json.loads(entry)["cb_kwargs"]["job"]["capture_id"] == "c1"
    forged = [
        {**json.loads(entry), "_class": "subprocess.Popen"},                 # request_from_dict would import it
        {**json.loads(entry), "callback": "close"},                          # any spider method
        {**json.loads(entry), "url": "file:///etc/passwd"},
        {**json.loads(entry), "headers": {"Cookie": ["session=stolen"]}},
        {**json.loads(entry), "meta": {"proxy": "http://evil.example:8080"}},
    ]
    client.delete("termswatch:requests")
    client.rpush("termswatch:requests", *[json.dumps(f) for f in forged],
                 b"\x80\x04\x95 pickle \x00", b"\xff not json")
    scheduler, _ = open_scheduler(redis_url)
    assert scheduler.next_request() is None                     # all seven refused, nothing fetched
    refusals = [r.getMessage() for r in caplog.records if "refused a request from Redis" in r.getMessage()]
    assert len(refusals) == 7 and all("\n" not in line for line in refusals)
    assert not any("Popen" in line or "passwd" in line or "stolen" in line for line in refusals)
    assert client.llen("termswatch:rejected") == 7
    assert client.zcard("termswatch:requests:claims") == 0 and client.llen("termswatch:requests") == 0
    # the five whose document is readable are handed to the recorder as that capture's error
    results = [json.loads(r) for r in client.lrange("termswatch:results", 0, -1)]
    assert len(results) == 5 and {r["kind"] for r in results} == {"internal_error"}
    assert {(r["capture_id"], r["document_id"]) for r in results} == {("c1", 7)}


def test_the_serializer_round_trips_what_scrapy_makes():
    request = redis_serializer.page_request(job(pages=2), 1, [_page()])
    request["meta"].update(retry_times=1, redirect_urls=["http://127.0.0.1:9/old"], download_slot="x")
    back = redis_serializer.loads(redis_serializer.dumps(request))
    assert back["meta"] == {"handle_httpstatus_list": [304], "retry_times": 1,
                            "redirect_urls": ["http://127.0.0.1:9/old"]}     # per-process keys dropped
    assert back["cb_kwargs"] == request["cb_kwargs"] and "_class" not in back
