#!/usr/bin/env python
"""Daemon soak: many cycles against the demo server's bulk documents, few of them changing.

    .venv/bin/python scripts/bench_daemon.py [--cycles 200] [--documents 500] [--changing-share 0.01]

The demo server runs in its own process; each simulated day, ``changing-share`` of the
documents change. Every cycle is exactly what ``termswatch run`` does on each tick (the
`Daemon.run_cycle` of `monitor.daemon`): crawl in a child process, diff, classify, score,
alerts, incremental site build. Every 10th cycle runs with nothing changed.

Printed: the daemon process's RSS after the first cycles and at the end (it must stay flat),
the crawler processes' peak RSS, and cycle times: a cycle with changes, and a cycle in which
nothing changed, next to the baseline of the same no-change crawl alone (the crawler
process's start-up and 304s), measured in the same run.

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
import urllib.request
from pathlib import Path

import psutil

from monitor.capture import LOOPBACK_SETTINGS, crawl
from monitor.config import Config, Schedule
from monitor.daemon import Daemon
from monitor.demo import write_declarations
from monitor.paths import Home


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--changing-share", type=float, default=0.01)
    args = parser.parse_args()

    server = subprocess.Popen([sys.executable, "-m", "monitor.demo.server", "--port", "0",
                               "--bulk", str(args.documents), "--changing-share", str(args.changing_share)],
                              stdout=subprocess.PIPE, text=True)
    base_url = server.stdout.readline().strip()
    me = psutil.Process()
    rss, changed_cycles, quiet_cycles, crawl_only, children_peak = [], [], [], [], 0.0
    try:
        with tempfile.TemporaryDirectory() as scratch:
            home = Home(Path(scratch) / "home").ensure()
            declarations = Path(scratch) / "declarations"
            write_declarations(base_url, declarations, services=[], bulk=args.documents)
            config = Config(declarations=declarations, crawl_settings=dict(LOOPBACK_SETTINGS),
                            schedule=Schedule())
            daemon = Daemon(home, config)
            day = 0
            for cycle in range(1, args.cycles + 1):
                quiet = cycle % 10 == 0 and cycle > 1
                if not quiet:
                    day += 1
                    urllib.request.urlopen(urllib.request.Request(f"{base_url}/__demo/day/{day}", method="POST"))
                started = time.perf_counter()
                report = daemon.run_cycle(only_due=False)
                seconds = time.perf_counter() - started
                (quiet_cycles if quiet else changed_cycles).append(seconds)
                if report.crawl:
                    children_peak = max(children_peak, report.crawl.peak_rss_mb)
                rss.append(me.memory_info().rss / 2**20)
                if quiet:  # the same no-change crawl alone, as the baseline
                    started = time.perf_counter()
                    crawl(home.database, declarations, settings=LOOPBACK_SETTINGS)
                    crawl_only.append(time.perf_counter() - started)
                if cycle % 20 == 0:
                    print(f"cycle {cycle}: {seconds:.2f} s, daemon RSS {rss[-1]:.0f} MB; {report.summary()}",
                          file=sys.stderr)
    finally:
        server.terminate()
        server.wait()

    early = statistics.median(rss[1:6])
    late = statistics.median(rss[-5:])
    quiet = statistics.median(quiet_cycles)
    baseline = statistics.median(crawl_only)
    print(f"\nDaemon soak: {args.cycles} cycles, {args.documents} documents, "
          f"{args.changing_share:.0%} changing per simulated day\n")
    print("| what | value |")
    print("|---|---:|")
    print(f"| daemon RSS, cycles 2-6 (median) | {early:.0f} MB |")
    print(f"| daemon RSS, last 5 cycles (median) | {late:.0f} MB |")
    print(f"| growth over the run | {late - early:+.1f} MB ({late / early:.2f}x) |")
    print(f"| crawler process, peak RSS | {children_peak:.0f} MB |")
    print(f"| cycle with changes (median of {len(changed_cycles)}) | {statistics.median(changed_cycles):.2f} s |")
    print(f"| cycle with nothing changed (median of {len(quiet_cycles)}) | {quiet:.2f} s |")
    print(f"| baseline: the same no-change crawl alone | {baseline:.2f} s |")
    print(f"| no-change cycle / crawl alone | {quiet / baseline:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
