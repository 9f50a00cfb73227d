#!/usr/bin/env python
"""Backfill benchmark: ``termswatch import-ota`` over the whole reference corpus, then the index.

    .venv/bin/python scripts/bench_import.py [--runs 3] [--corpus ../shared/corpus/ota]

Each run imports every version of ``../shared/corpus/ota`` (15 services, ~1,500 versions,
48 MB) into a fresh state directory and analyses it all (diff, classify, findings, scores),
as the command does, in a child process whose progress lines are shown. Printed: the median
wall time against a baseline measured in the same run (reading and hashing every file of the
corpus, the I/O floor), the child's peak RSS, and then the trust index of the 15 services
with the three items that cost each the most points. Target (issue 5): <= 2 minutes.

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from monitor.paths import shared_dir


def read_everything(corpus: Path) -> float:
    started = time.perf_counter()
    for path in sorted(corpus.rglob("*.md")):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "ota")
    args = parser.parse_args()
    walls, baselines = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.runs):
            baselines.append(read_everything(args.corpus))
            home = Path(scratch) / f"home-{run}"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "import-ota", str(args.corpus)],
                           check=True)
            walls.append(time.perf_counter() - started)
            print(f"run {run + 1}: {walls[-1]:.1f} s", file=sys.stderr)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        export = subprocess.run([sys.executable, "-m", "monitor", "--home", str(home), "export", "--json", "-"],
                                check=True, capture_output=True, text=True)
    data = json.loads(export.stdout)
    versions = sum(len(d["versions"]) for s in data["services"] for d in s["documents"])
    wall, baseline = statistics.median(walls), statistics.median(baselines)
    print(f"\nimport-ota over {args.corpus} ({len(data['services'])} services, {versions} versions), "
          f"median of {args.runs} runs\n")
    print("| what | seconds | ratio |")
    print("|---|---:|---:|")
    print(f"| baseline: read and hash every file of the corpus | {baseline:.2f} | 1 |")
    print(f"| `termswatch import-ota` (import, diff, classify, findings, scores) | {wall:.1f} | "
          f"{wall / baseline:.0f}x |")
    print(f"\nPeak RSS of the import process: {peak_mb:.0f} MB. Runs: {', '.join(f'{w:.1f}' for w in walls)} s.\n")
    print("| service | grade | score | the three items costing most |")
    print("|---|:---:|---:|---|")
    for service in sorted(data["services"], key=lambda s: (-s["score"], s["id"])):
        worst = sorted((r for r in service["reasons"] if r["points"] < 0), key=lambda r: r["points"])[:3]
        items = "; ".join(f"{r['text']} ({r['points']:g})" for r in worst)
        print(f"| {service['name']} | {service['grade']} | {service['score']} | {items} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
