#!/usr/bin/env python
"""Classification speed on the real workload; prints a Markdown table for BENCHMARKS.md.

    .venv/bin/python scripts/bench_classify.py [--runs 3] [--clauses-lines 5000]

1. Every distinct clause of the OTA corpus (``shared/corpus/ota``, all versions cut into
   clauses as the pipeline cuts them), classified by ``load_classifier()`` with its cache off
   (models + rules), and by each model alone: clauses/s, median of ``--runs``.
2. ``termswatch clauses`` as a user runs it: a child process fed ``--clauses-lines`` of
   those clauses as JSON lines (start-up and model loading included), median of ``--runs``.

Both wall-clock and CPU seconds are given: on a shared machine the CPU time (this process,
or the child's) is the steadier figure. Runs from any checkout (the figures of an older
commit come from running its copy).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.classify import ClauseClassifier, load_classifier  # noqa: E402
from monitor.classify.segment import clauses as split_clauses  # noqa: E402
from monitor.paths import shared_dir  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median_seconds(fn, runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), _cpu()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(_cpu() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clauses-lines", type=int, default=5000)
    args = parser.parse_args()

    versions = sorted((shared_dir() / "corpus" / "ota").glob("*/*/*.md"))
    distinct = sorted({c for v in versions for c in split_clauses(v.read_text(encoding="utf-8"))})
    shipped = load_classifier()
    topic_models = tuple(getattr(shipped, "topic_models", ()))  # older checkouts have none
    extra = {"topic_models": topic_models} if topic_models else {}
    uncached = ClauseClassifier(shipped.model, shipped.taxonomy, cache_size=0, **extra)
    rows = [("`classify` (models + rules, cache off)", len(distinct),
             median_seconds(lambda: uncached.classify(distinct), args.runs))]
    for model in (shipped.model, *topic_models):
        name = model.meta.get("predicts", "harm")
        rows.append((f"model alone: {len(model.labels)} labels ({name})", len(distinct),
                     median_seconds(lambda m=model: m.probabilities(distinct), args.runs)))

    lines = distinct[:: max(1, len(distinct) // args.clauses_lines)][: args.clauses_lines]
    with tempfile.TemporaryDirectory() as home:
        stdin = "".join(json.dumps({"text": t}) + "\n" for t in lines)

        def run_clauses():
            done = subprocess.run([sys.executable, "-m", "monitor", "--home", home, "clauses"], input=stdin,
                                  capture_output=True, text=True, check=True)
            assert len(done.stdout.splitlines()) == len(lines)

        rows.append(("`termswatch clauses` (child process, start-up included)", len(lines),
                     median_seconds(run_clauses, args.runs)))

    print(f"{len(versions)} versions, {len(distinct):,} distinct clauses; median of {args.runs} runs\n")
    print("| what | clauses | wall s | clauses/s (wall) | CPU s | clauses/s (CPU) |\n|---|---|---|---|---|---|")
    for what, n, (wall, cpu) in rows:
        print(f"| {what} | {n:,} | {wall:.2f} | {n / wall:,.0f} | {cpu:.2f} | {n / cpu:,.0f} |")


if __name__ == "__main__":
    main()
