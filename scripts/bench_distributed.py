#!/usr/bin/env python
"""Distributed capture benchmark: 1, 2 and 4 workers sharing one Redis, one recorder.

    .venv/bin/python scripts/bench_distributed.py [--documents 300] [--workers 1 2 4]
                                                   [--latency-ms 20] [--capacity 2] [--runs 1]

Starts its own redis-server on loopback (no persistence) and the fixture server
(``monitor.demo.server --bulk N --latency``) in its own process. For each number of workers:
an empty database and an empty Redis, that many ``termswatch worker --redis`` processes
(started and connected before the clock starts), then ``monitor.distributed.crawl`` — queue
every document, record every result (snapshot, extraction, version) — timed to its return.

``--capacity`` is how many documents each worker holds at once: a polite worker keeps few
requests in flight per site, so its rate is bounded by capacity / latency, which is what
more workers multiply; the recorder (one process: extraction and SQLite writes) bounds the
whole. Printed: documents/s per worker count, and the ratio to one worker.

Needs Debian's redis-server and Termswatch installed in this interpreter (``pip install -e .``).
Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    import redis

    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("redis-server not found (Debian: apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen([executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            return server, url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def start_fixture_server(documents: int, latency_ms: float) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen([sys.executable, "-m", "monitor.demo.server", "--port", "0", "--bulk", str(documents),
                               "--latency", str(latency_ms / 1000)], stdout=subprocess.PIPE, text=True)
    base_url = server.stdout.readline().strip()
    if not base_url.startswith("http"):
        raise SystemExit(f"fixture server did not start: {base_url!r}")
    return server, base_url


def wait_for_workers(url: str, count: int, timeout: float = 60) -> None:
    """Until ``count`` workers are connected (each holds one connection for its spider and one
    for its politeness middleware)."""
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(client.client_list()) - 1 >= 2 * count:
            time.sleep(1.0)  # let their first poll run
            return
        time.sleep(0.1)
    raise SystemExit(f"{count} workers did not connect within {timeout:g} s")


def one_run(url: str, declarations: Path, workers: int, capacity: int, scratch: Path) -> tuple[float, int, float]:
    """Seconds to capture everything, documents recorded first, and the workers' CPU seconds
    (user + system, all workers) while they did: a figure the machine's load does not skew."""
    import psutil
    import redis

    from monitor.distributed import crawl

    redis.Redis.from_url(url).flushdb()
    home = scratch / f"home-{workers}-{time.monotonic_ns()}"
    env = {**os.environ, "TERMSWATCH_HOME": str(home), "TERMSWATCH_ALLOW_PRIVATE_NETWORKS": "1"}
    processes = [subprocess.Popen([sys.executable, "-m", "monitor", "-q", "worker", "--redis", url,
                                   "--set", "DOWNLOAD_DELAY=0", "--capacity", str(capacity)], env=env)
                 for _ in range(workers)]
    try:
        wait_for_workers(url, workers)
        watched = [psutil.Process(process.pid) for process in processes]
        cpu_before = sum(sum(p.cpu_times()[:2]) for p in watched)
        started = time.monotonic()
        report = crawl(home / "termswatch.db", url, declarations, settings={"DOWNLOAD_DELAY": 0}, wait=600)
        elapsed = time.monotonic() - started
        worker_cpu = sum(sum(p.cpu_times()[:2]) for p in watched) - cpu_before
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    return elapsed, report.counts.get("first", 0), worker_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--capacity", type=int, default=2, help="documents each worker holds at once")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    from monitor.demo import write_declarations

    os.environ["TERMSWATCH_ALLOW_PRIVATE_NETWORKS"] = "1"   # the fixture server is on loopback
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        redis_server, url = start_redis(scratch)
        fixture, base_url = start_fixture_server(args.documents, args.latency_ms)
        try:
            declarations = scratch / "declarations"
            write_declarations(base_url, declarations, services=[], bulk=args.documents)
            print(f"{args.documents} documents, {args.latency_ms:g} ms latency, capacity {args.capacity} per worker")
            print(f"{'workers':>8} {'seconds':>8} {'docs/s':>8} {'ratio':>6} {'worker CPU ms/doc':>18}")
            baseline = None
            for workers in args.workers:
                times, cpus = [], []
                for _ in range(args.runs):
                    elapsed, first, cpu = one_run(url, declarations, workers, args.capacity, scratch)
                    if first != args.documents:
                        raise SystemExit(f"{workers} workers recorded {first} of {args.documents} documents")
                    times.append(elapsed)
                    cpus.append(cpu)
                elapsed = statistics.median(times)
                rate = args.documents / elapsed
                baseline = baseline or rate
                cpu_ms = statistics.median(cpus) / args.documents * 1000
                print(f"{workers:>8} {elapsed:>8.1f} {rate:>8.1f} {rate / baseline:>6.2f} {cpu_ms:>18.1f}")
        finally:
            fixture.terminate()
            redis_server.terminate()
            fixture.wait()
            redis_server.wait()


if __name__ == "__main__":
    main()
