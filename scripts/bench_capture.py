#!/usr/bin/env python
"""Capture benchmark: crawl + extract + record N documents on loopback, against a plain loop.

    .venv/bin/python scripts/bench_capture.py [--documents 1000] [--runs 3] [--latency-ms 0 20]

The demo server runs in its own process (``--bulk N``), so it never shares the crawler's GIL.
Each run starts from an empty database and does:

1. **plain loop** (the baseline): fetch every page once, one after the other, with one
   ``requests.Session`` (keep-alive), doing nothing with the bytes;
2. **first round**: ``monitor.capture.crawl`` over every document: fetch, keep the snapshot,
   extract, record a version — all of it, as ``termswatch crawl`` does;
3. **no-change round**: the same crawl again; nothing changed, so it must record nothing.

Printed: the median over the runs of each figure, documents/s, the first round's rate as a
ratio of the plain loop's, the no-change round's time as a ratio of the first round's, and
the crawler process's peak RSS. Targets (issue 2): >= 100 documents/s, >= 0.5 of the plain
loop, no-change round <= 0.5 of the first.

``--latency-ms`` repeats the whole measurement with the server waiting that long before
each answer, as a distant web server does (default: 0, then 20 ms).

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from monitor.capture import LOOPBACK_SETTINGS, crawl
from monitor.demo import write_declarations
from monitor.store import Store


def start_server(documents: int, latency_ms: float) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen([sys.executable, "-m", "monitor.demo.server", "--port", "0", "--bulk", str(documents),
                               "--latency", str(latency_ms / 1000)], stdout=subprocess.PIPE, text=True)
    base_url = server.stdout.readline().strip()
    if not base_url.startswith("http"):
        raise SystemExit(f"demo server did not start: {base_url!r}")
    return server, base_url


def page_urls(declarations: Path) -> list[str]:
    from monitor.declarations import load_catalogue
    return [doc.url for doc in load_catalogue(declarations).documents()]


def plain_loop(urls: list[str]) -> float:
    with requests.Session() as session:
        started = time.perf_counter()
        for url in urls:
            response = session.get(url, timeout=10)
            response.raise_for_status()
            _ = response.content
        return time.perf_counter() - started


def versions_and_snapshots(database: Path) -> tuple[int, int]:
    with Store.open(database) as store:
        return store.db.execute("SELECT (SELECT count(*) FROM versions), (SELECT count(*) FROM snapshots)").fetchone()


def one_run(base_url: str, documents: int) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        declarations = root / "declarations"
        write_declarations(base_url, declarations, services=[], bulk=documents)
        urls = page_urls(declarations)
        assert len(urls) == documents, (len(urls), documents)
        database = root / "termswatch.db"
        Store.open(database).close()
        plain = plain_loop(urls)
        started = time.perf_counter()
        first = crawl(database, declarations, settings=LOOPBACK_SETTINGS)
        first_wall = time.perf_counter() - started
        recorded = versions_and_snapshots(database)
        started = time.perf_counter()
        second = crawl(database, declarations, settings=LOOPBACK_SETTINGS)
        second_wall = time.perf_counter() - started
        recorded_after = versions_and_snapshots(database)
        split = two_crawlers(base_url, documents, root)
    if first.counts.get("first") != documents:
        raise SystemExit(f"first round recorded {first.counts}, expected {documents} first versions")
    if recorded_after != recorded or second.counts.get("unchanged") != documents:
        raise SystemExit(f"no-change round recorded something: {second.counts}")
    return {"plain": plain, "first": first.elapsed, "second": second.elapsed, "first_wall": first_wall,
            "second_wall": second_wall, "rss_mb": max(first.peak_rss_mb, second.peak_rss_mb), "split": split}


def two_crawlers(base_url: str, documents: int, root: Path) -> float:
    """The first round again, with the catalogue split between two crawler processes that
    share one store (SQLite in WAL mode; each write takes the write lock briefly)."""
    from concurrent.futures import ThreadPoolExecutor

    halves = [root / "half-a", root / "half-b"]
    everything = sorted((root / "declarations").glob("*.json"))
    for index, folder in enumerate(halves):
        folder.mkdir()
        for path in everything[index::2]:
            (folder / path.name).write_bytes(path.read_bytes())
    database = root / "split.db"
    Store.open(database).close()
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda folder: crawl(database, folder, settings=LOOPBACK_SETTINGS), halves))
    seconds = time.perf_counter() - started
    recorded = sum(r.counts.get("first", 0) for r in reports)
    if recorded != documents:
        raise SystemExit(f"two crawlers recorded {recorded} first versions, expected {documents}")
    return seconds


def measure(documents: int, runs: int, latency_ms: float) -> None:
    server, base_url = start_server(documents, latency_ms)
    try:
        results = []
        for index in range(runs):
            results.append(one_run(base_url, documents))
            r = results[-1]
            print(f"latency {latency_ms:g} ms, run {index + 1}: plain {r['plain']:.2f} s, first {r['first']:.2f} s, "
                  f"no-change {r['second']:.2f} s, peak RSS {r['rss_mb']:.0f} MB", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    n = documents
    rate = {key: n / median[key] for key in ("plain", "first", "second")}
    print(f"\nCapture: {n} documents (~30 KB pages) on 127.0.0.1, server latency {latency_ms:g} ms, "
          f"median of {runs} runs\n")
    print("| what | seconds | documents/s | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| plain fetch loop (requests.Session, baseline) | {median['plain']:.2f} | {rate['plain']:.0f} | 1.00 |")
    print(f"| first round: crawl + snapshot + extract + record | {median['first']:.2f} | {rate['first']:.0f} | "
          f"{rate['first'] / rate['plain']:.2f} of plain |")
    print(f"| no-change round (records nothing) | {median['second']:.2f} | {rate['second']:.0f} | "
          f"{median['second'] / median['first']:.2f} of first |")
    print(f"| first round, catalogue split between 2 crawler processes (wall, start-up included) | "
          f"{median['split']:.2f} | {n / median['split']:.0f} | {n / median['split'] / rate['plain']:.2f} of plain |")
    print(f"\nWith the crawler process's start-up (Python + Scrapy imports) included: first round "
          f"{median['first_wall']:.2f} s ({n / median['first_wall']:.0f} documents/s, "
          f"{n / median['first_wall'] / rate['plain']:.2f} of plain), no-change round {median['second_wall']:.2f} s "
          f"({median['second_wall'] / median['first_wall']:.2f} of first). "
          f"Peak RSS of the crawler process: {median['rss_mb']:.0f} MB.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0, 20])
    args = parser.parse_args()
    for latency in args.latency_ms:
        measure(args.documents, args.runs, latency)
    return 0


if __name__ == "__main__":
    sys.exit(main())
