"""Capture past one machine: real redis-server, real worker and recorder processes, real crawls.

Each test starts its own redis-server on loopback (no persistence) and the fixture server
with N synthetic documents; workers are `termswatch worker --redis URL` subprocesses, the
recorder is `termswatch crawl --redis URL`. Exactly once means recorded once: one version
and one snapshot per document, whatever was fetched twice.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.demo import write_declarations
from monitor.demo.server import DemoServer
from monitor.store import Store

pytestmark = pytest.mark.slow

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server; .ci/run does)")
    import redis

    # The port is free when chosen, but another test worker may take it before redis-server
    # binds it: then redis-server exits at once, and a fresh port is tried.
    for _ in range(5):
        port = free_port()
        server = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no", "--dir", str(tmp_path)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 30
        while server.poll() is None and time.monotonic() < deadline:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        if server.poll() is None:
            break
    else:
        pytest.fail("redis-server did not start on a free loopback port (5 tries)")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def site(tmp_path: Path):
    """The fixture server with 20 synthetic documents, slow enough (0.15 s a page) to kill
    processes mid-crawl; and their declarations."""
    with DemoServer(bulk=20, latency=0.15) as server:
        folder = tmp_path / "declarations"
        write_declarations(server.base_url, folder, services=[], bulk=20)
        yield server, folder


class Processes:
    """Termswatch subprocesses of one test, all stopped at its end."""

    def __init__(self, home: Path, tmp_path: Path):
        self.env = {**os.environ, "TERMSWATCH_HOME": str(home)}
        self.tmp_path = tmp_path
        self.running: list[subprocess.Popen] = []

    def start(self, *args: str, name: str) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "ab")
        process = subprocess.Popen([sys.executable, "-m", "monitor", *args], env=self.env,
                                   stdout=log, stderr=subprocess.STDOUT)
        self.running.append(process)
        return process

    def worker(self, redis_url: str, name: str) -> subprocess.Popen:
        # small capacity and a short lease: jobs spread over both workers, a dead one's come back soon
        return self.start("worker", "--redis", redis_url, "--set", "DOWNLOAD_DELAY=0", "--capacity", "3",
                          "--lease", "2", name=name)

    def recorder(self, redis_url: str, declarations: Path, name: str = "recorder") -> subprocess.Popen:
        return self.start("crawl", "--redis", redis_url, "--declarations", str(declarations),
                          "--set", "DOWNLOAD_DELAY=0", "--wait", "120", name=name)

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def processes(home, tmp_path):
    procs = Processes(home.root, tmp_path)
    yield procs
    procs.stop_all()


def recorded(home) -> dict:
    """Per document id: its versions, snapshots and fetch errors; and the capture ids noted."""
    store = Store.open(home.database)
    try:
        count = lambda sql: dict(store.db.execute(sql).fetchall())  # noqa: E731
        documents = [row[0] for row in store.db.execute("SELECT id FROM documents")]
        captures = [row[0] for row in store.db.execute("SELECT capture_id FROM distributed_captures")] \
            if store.db["distributed_captures"].exists() else []
        return {"documents": documents,
                "versions": count("SELECT document_id, count(*) FROM versions GROUP BY document_id"),
                "snapshots": count("SELECT document_id, count(*) FROM snapshots GROUP BY document_id"),
                "errors": count("SELECT document_id, count(*) FROM fetch_errors GROUP BY document_id"),
                "captures": captures}
    finally:
        store.close()


def versions_so_far(home) -> int:
    if not Path(home.database).exists():
        return 0
    store = Store.open(home.database, migrate=False)
    try:
        return store.db.execute("SELECT count(*) FROM versions").fetchone()[0] if store.db["versions"].exists() else 0
    except Exception:
        return 0
    finally:
        store.close()


def wait_for(condition, timeout: float = 60, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def assert_each_recorded_once(home, documents: int = 20) -> dict:
    state = recorded(home)
    assert len(state["documents"]) == documents
    assert state["versions"] == {d: 1 for d in state["documents"]}
    assert state["snapshots"] == {d: 1 for d in state["documents"]}
    assert state["errors"] == {}
    assert len(state["captures"]) == len(set(state["captures"]))
    return state


def test_two_workers_capture_every_document_exactly_once(redis_url, site, processes, home):
    server, declarations = site
    processes.worker(redis_url, "worker-a")
    processes.worker(redis_url, "worker-b")
    recorder = processes.recorder(redis_url, declarations)
    assert recorder.wait(timeout=120) == 0, processes.log("recorder")
    assert "20 documents captured" in processes.log("recorder") and "20 first" in processes.log("recorder")
    state = assert_each_recorded_once(home)
    assert len(state["captures"]) == 20
    # both workers fetched (each holds at most 3 documents at once)
    for name in ("worker-a", "worker-b"):
        assert "worker started" in processes.log(name)
    # a second crawl through the workers: every page unchanged, nothing new recorded
    again = processes.recorder(redis_url, declarations, name="recorder-again")
    assert again.wait(timeout=120) == 0, processes.log("recorder-again")
    assert "20 unchanged" in processes.log("recorder-again")
    state = assert_each_recorded_once(home)
    assert len(state["captures"]) == 40


def test_a_worker_killed_mid_crawl_loses_nothing(redis_url, site, processes, home):
    import redis

    server, declarations = site
    # Slower pages than the other tests: on a busy machine the recorder lags, and at 0.15 s a
    # page the worker could fetch all 20 before the second version is recorded, holding none.
    server.latency = 0.5
    client = redis.Redis.from_url(redis_url)
    doomed = processes.worker(redis_url, "worker-a")
    recorder = processes.recorder(redis_url, declarations)
    # the doomed worker alone holds jobs (leased) while pages are being fetched
    held = wait_for(lambda: client.zrange("termswatch:requests:claims", 0, -1), what="worker-a to claim jobs")
    wait_for(lambda: versions_so_far(home) >= 2, what="the first recorded versions")
    held = client.zrange("termswatch:requests:claims", 0, -1)
    assert held, "the worker should hold documents mid-crawl"
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    held_ids = {json.loads(entry)["cb_kwargs"]["job"]["document_id"] for entry in held}
    processes.worker(redis_url, "worker-b")
    assert recorder.wait(timeout=120) == 0, processes.log("recorder")
    state = assert_each_recorded_once(home)
    assert held_ids <= set(state["versions"])       # what the dead worker held was captured by the other
    assert "requeued requests" in processes.log("recorder") + processes.log("worker-b")
    assert client.zcard("termswatch:requests:claims") == 0 and client.hlen("termswatch:inflight") == 0


def test_the_recorder_killed_and_restarted_records_everything_once(redis_url, site, processes, home):
    import redis

    server, declarations = site
    client = redis.Redis.from_url(redis_url)
    processes.worker(redis_url, "worker-a")
    processes.worker(redis_url, "worker-b")
    recorder = processes.recorder(redis_url, declarations)
    wait_for(lambda: versions_so_far(home) >= 5, what="some recorded versions")
    recorder.send_signal(signal.SIGKILL)
    recorder.wait()
    assert versions_so_far(home) < 20, "killed too late to test anything"
    restarted = processes.recorder(redis_url, declarations, name="recorder-restarted")
    assert restarted.wait(timeout=120) == 0, processes.log("recorder-restarted")
    assert_each_recorded_once(home)
    assert client.llen("termswatch:recording") == 0 and client.llen("termswatch:results") == 0


def test_a_replayed_result_is_not_recorded_twice(redis_url, site, processes, home):
    """A recorder killed after its SQLite commit but before it let go of the result: the
    restarted one finds the result again and must drop it."""
    import redis

    server, declarations = site
    client = redis.Redis.from_url(redis_url)
    recorder = processes.recorder(redis_url, declarations)       # queues the jobs, no worker yet
    wait_for(lambda: client.llen("termswatch:requests") == 20, what="the jobs to be queued")
    recorder.send_signal(signal.SIGKILL)
    recorder.wait()
    processes.worker(redis_url, "worker-a")
    wait_for(lambda: client.llen("termswatch:results") == 20, what="the workers' results")
    results = client.lrange("termswatch:results", 0, -1)
    first = processes.recorder(redis_url, declarations, name="recorder-1")
    assert first.wait(timeout=120) == 0, processes.log("recorder-1")
    assert "20 first" in processes.log("recorder-1")
    client.rpush("termswatch:recording", *results)                  # as if it had been killed just then
    second = processes.recorder(redis_url, declarations, name="recorder-2")
    assert second.wait(timeout=120) == 0, processes.log("recorder-2")
    assert "20 unchanged" in processes.log("recorder-2")          # the new captures, not the replays
    state = assert_each_recorded_once(home)
    assert len(state["captures"]) == 40
    assert client.llen("termswatch:recording") == 0


def test_workers_keep_the_network_boundary(redis_url, site, processes, home):
    """A worker fetches, so it refuses private addresses unless its own environment opts in."""
    server, declarations = site
    processes.env.pop("TERMSWATCH_ALLOW_PRIVATE_NETWORKS", None)
    processes.worker(redis_url, "worker-a")
    recorder = processes.recorder(redis_url, declarations)
    assert recorder.wait(timeout=120) == 3, processes.log("recorder")
    state = recorded(home)
    assert state["versions"] == {}
    assert server.counts["requests"] == 0
    store = Store.open(home.database)
    try:
        kinds = {row[0] for row in store.db.execute("SELECT kind FROM fetch_errors")}
    finally:
        store.close()
    assert kinds == {"blocked_address"}


def test_a_malformed_result_is_set_aside_and_the_rest_recorded(redis_url, site, processes, home):
    """Results come from other machines: one that is not a worker's (a body that is not
    base64, a missing field, not JSON at all) is refused whole and kept aside; the crawl goes on."""
    import redis

    server, declarations = site
    client = redis.Redis.from_url(redis_url)
    recorder = processes.recorder(redis_url, declarations)
    wait_for(lambda: client.llen("termswatch:requests") == 20, what="the jobs to be queued")
    recorder.send_signal(signal.SIGKILL)
    recorder.wait()
    job = json.loads(client.lindex("termswatch:requests", 0))["cb_kwargs"]["job"]
    forged = {"capture_id": job["capture_id"], "document_id": job["document_id"],
              "pages": [{"url": "x", "final_url": "x", "status": 200, "headers": {},
                         "fetched_at": "2026-01-01T00:00:00Z", "body": "not base64 at all!"}]}
    client.rpush("termswatch:results", json.dumps(forged), b"\xff not json", json.dumps({"capture_id": "x"}))
    processes.worker(redis_url, "worker-a")
    again = processes.recorder(redis_url, declarations, name="recorder-again")
    assert again.wait(timeout=120) == 3, processes.log("recorder-again")    # some documents failed
    assert "a worker's result could not be read" in processes.log("recorder-again")
    assert "dropped a result that is not one" in processes.log("recorder-again")
    assert client.llen("termswatch:rejected") == 3
    state = recorded(home)
    # the first result for a capture id wins: the forged one is that capture's recorded error,
    # and the real fetch of the same job that came later is dropped; nothing half-recorded
    forged_document = job["document_id"]
    assert state["errors"] == {forged_document: 1}
    assert forged_document not in state["versions"] and forged_document not in state["snapshots"]
    assert state["versions"] == {d: 1 for d in state["documents"] if d != forged_document}
    assert len(state["captures"]) == 20 == len(set(state["captures"]))


def test_politeness_per_site_holds_across_workers(redis_url, processes, home, tmp_path):
    """Two workers, six documents on one site, DOWNLOAD_DELAY=0.4: the site sees its requests
    (robots.txt included) start at least the delay apart, as from one polite crawler."""
    from tests.pageserver import PageServer, terms_page

    delay = 0.4
    with PageServer() as server:
        folder = tmp_path / "polite"
        folder.mkdir()
        for index in range(6):
            server.set(f"/doc{index}", terms_page(f"Terms {index}"))
            (folder / f"Polite{index}.json").write_text(json.dumps(
                {"name": f"Polite {index}",
                 "terms": {"Terms of Service": {"fetch": f"{server.base_url}/doc{index}", "select": "main"}}}))
        for name in ("worker-a", "worker-b"):
            processes.start("worker", "--redis", redis_url, "--set", f"DOWNLOAD_DELAY={delay}", "--capacity", "3",
                            name=name)
        recorder = processes.start("crawl", "--redis", redis_url, "--declarations", str(folder), "--wait", "120",
                                   name="recorder")
        assert recorder.wait(timeout=120) == 0, processes.log("recorder")
        starts = sorted(t for times in server.times.values() for t in times)
    assert len(starts) >= 6 + 1        # the documents, and robots.txt at least once
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert min(gaps) >= delay * 0.8, gaps   # (slots are taken on Redis's clock; the server sees them after a little scheduling jitter)
    assert recorded(home)["versions"] == {d: 1 for d in recorded(home)["documents"]}


def test_the_daemon_records_what_the_workers_fetch(redis_url, site, processes, home, tmp_path):
    """`termswatch run --once --redis URL`: the cycle's captures come from the workers, then the
    daemon analyses and publishes as usual."""
    server, declarations = site
    processes.worker(redis_url, "worker-a")
    daemon = processes.start("run", "--once", "--redis", redis_url, "--declarations", str(declarations),
                             name="daemon")
    assert daemon.wait(timeout=180) == 0, processes.log("daemon")
    assert_each_recorded_once(home)
    assert (home.root / "site" / "index.html").exists()


def test_a_bad_or_unreachable_redis_is_one_line_and_no_password(home, tmp_path):
    """Not a Redis URL: bad input (2); no Redis there: a failure (1); the password never shown."""
    folder = tmp_path / "empty"
    folder.mkdir()
    env = {**os.environ, "TERMSWATCH_HOME": str(home.root)}
    for command in (["crawl", "--declarations", str(folder)], ["worker"]):
        bad = subprocess.run([sys.executable, "-m", "monitor", *command, "--redis", "nonsense://secret@x"],
                             env=env, capture_output=True, text=True, timeout=60)
        assert bad.returncode == 2 and "not a Redis URL" in bad.stderr
        away = subprocess.run([sys.executable, "-m", "monitor", *command, "--redis",
                               f"redis://:hunter2@127.0.0.1:{free_port()}/0"],
                              env=env, capture_output=True, text=True, timeout=60)
        assert away.returncode == 1 and "cannot reach Redis" in away.stderr, away.stderr
        assert "hunter2" not in away.stderr and len(away.stderr.strip().splitlines()) == 1


def test_a_slow_worker_cannot_end_the_claim_of_the_worker_that_took_its_job(redis_url):
    """Worker A's lease runs out while it still fetches; the job is requeued and B claims it.
    A's late result is handed back (the recorder keeps the first), but B's claim must stand:
    were it ended, B dying next would lose the job for good."""
    import redis

    from monitor.redis_queue import CaptureQueue

    client = redis.Redis.from_url(redis_url)
    slow, other = CaptureQueue(client, worker="A"), CaptureQueue(client, worker="B")
    assert slow.enqueue({"capture_id": "c1", "document_id": 1, "pages": [{"url": "http://example.org/"}]})
    [job] = slow.claim(5, lease_seconds=0.2)
    time.sleep(0.3)
    assert other.reap() == 1
    assert other.claim(5, lease_seconds=60) == [job]
    slow.renew(lease_seconds=60)                           # not A's any more: no effect
    slow.complete(job, {"capture_id": "c1", "document_id": 1, "kind": "timeout"})
    assert client.zrange("termswatch:requests:claims", 0, -1) == [job]
    assert client.hget("termswatch:requests:owners", job) == b"B"
    time.sleep(0.1)
    assert other.reap() == 0                               # B's lease (60 s) stands
    other.complete(job, {"capture_id": "c1", "document_id": 1, "kind": "timeout"})
    assert client.zcard("termswatch:requests:claims") == 0 and client.hlen("termswatch:requests:owners") == 0
    assert client.llen("termswatch:results") == 2          # both handed back; recorded once (by capture id)


def test_a_page_handed_on_twice_in_one_round_is_fetched_once(redis_url, processes, home, tmp_path):
    """A document of two pages whose first request is on the queue twice (as when a lease ran
    out while its worker was still fetching): page one is fetched by both, but the shared
    duplicate filter queues its second page once; the document is recorded once, no claim is
    left, and the round's fingerprints are forgotten at its end."""
    import redis

    from tests.pageserver import PageServer, terms_page

    client = redis.Redis.from_url(redis_url)
    with PageServer() as server:
        server.set("/one", terms_page("Terms, part one"))
        server.set("/two", terms_page("Terms, part two"))
        folder = tmp_path / "combined"
        folder.mkdir()
        (folder / "Combined.json").write_text(json.dumps(
            {"name": "Combined", "terms": {"Terms of Service": {
                "combine": [{"fetch": f"{server.base_url}/one"}, {"fetch": f"{server.base_url}/two"}],
                "select": "main"}}}))
        recorder = processes.recorder(redis_url, folder)            # queues the first page, no worker yet
        [entry] = wait_for(lambda: client.lrange("termswatch:requests", 0, -1), what="the first request")
        client.rpush("termswatch:requests", entry)
        processes.worker(redis_url, "worker-a")
        processes.worker(redis_url, "worker-b")
        assert recorder.wait(timeout=120) == 0, processes.log("recorder")
        assert server.count("/one") == 2 and server.count("/two") == 1
    state = recorded(home)
    assert state["versions"] == {state["documents"][0]: 1} and len(state["captures"]) == 1
    assert client.zcard("termswatch:requests:claims") == 0 and client.llen("termswatch:requests") == 0
    assert client.exists("termswatch:dupefilter") == 0


def test_a_forged_request_is_refused_and_recorded_as_that_documents_error(redis_url, site, processes, home):
    """Entries of the request queue are untrusted (JSON, validated; never pickle): one naming a
    class to import, one another callback, one a file URL, one pickle are refused with one log
    line each, kept aside, recorded as their documents' errors (the pickle one, whose document
    cannot be read, once the recorder sees its request is nowhere); the others are captured."""
    import redis

    server, declarations = site
    client = redis.Redis.from_url(redis_url)
    recorder = processes.recorder(redis_url, declarations)
    wait_for(lambda: client.llen("termswatch:requests") == 20, what="the requests to be queued")
    recorder.send_signal(signal.SIGKILL)
    recorder.wait()
    entries = [json.loads(e) for e in client.lrange("termswatch:requests", 0, 3)]
    forged = [{**entries[0], "_class": "subprocess.Popen"}, {**entries[1], "callback": "close"},
              {**entries[2], "url": "file:///etc/passwd"}]
    for index, entry in enumerate(forged):
        client.lset("termswatch:requests", index, json.dumps(entry))
    client.lset("termswatch:requests", 3, b"\x80\x04\x95 a pickle \x00")
    forged_documents = {e["cb_kwargs"]["job"]["document_id"] for e in entries}
    processes.worker(redis_url, "worker-a")
    again = processes.recorder(redis_url, declarations, name="recorder-again")
    assert again.wait(timeout=120) == 3, processes.log("recorder-again")      # some documents failed
    refusals = [line for line in processes.log("worker-a").splitlines() if "refused a request from Redis" in line]
    assert len(refusals) == 4
    assert "Popen" not in processes.log("worker-a") and "passwd" not in processes.log("worker-a")
    assert client.llen("termswatch:rejected") == 4
    assert "request was lost in Redis" in processes.log("recorder-again")
    state = recorded(home)
    assert state["errors"] == {d: 1 for d in forged_documents}
    assert state["versions"] == {d: 1 for d in state["documents"] if d not in forged_documents}
    assert client.zcard("termswatch:requests:claims") == 0 and client.hlen("termswatch:inflight") == 0


def test_redirects_go_through_the_queue_and_a_loop_still_ends(redis_url, processes, home, tmp_path):
    """Each redirect hop is a new request in the shared queue (the claim handed on with it);
    the redirect count travels in the entry, so a redirect loop ends as a recorded failure
    instead of going round the workers for ever."""
    import redis

    client = redis.Redis.from_url(redis_url)
    with DemoServer() as server:
        folder = tmp_path / "loop"
        folder.mkdir()
        (folder / "Loop.json").write_text(json.dumps(
            {"name": "Loop", "terms": {"Terms of Service": {"fetch": f"{server.base_url}/hostile/redirect-loop",
                                                            "select": "main"}}}))
        processes.worker(redis_url, "worker-a")
        processes.worker(redis_url, "worker-b")
        recorder = processes.recorder(redis_url, folder)
        assert recorder.wait(timeout=120) == 3, processes.log("recorder")
        requests = server.counts["requests"]
    state = recorded(home)
    assert state["versions"] == {} and list(state["errors"].values()) == [1]
    assert requests <= 12                 # the first request, at most 10 redirects, robots.txt
    assert client.zcard("termswatch:requests:claims") == 0 and client.llen("termswatch:requests") == 0
    assert client.hlen("termswatch:inflight") == 0
