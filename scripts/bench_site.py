#!/usr/bin/env python
"""Benchmark of the static site build (issue 6).

Builds a synthetic store of 1,000 services x 20 versions (one document each: 19,000
changes with hunks and assessments, findings and scores, inserted in bulk), then times

- a full build into an empty folder (every page and feed rendered and written),
- an incremental rebuild after one new change (only the pages whose data changed),

each the median of several runs, with the pages written, and two baselines measured in the
same process:

- "render only": rendering every page of the full build without writing any file;
- "write only": writing the same bytes again, atomically, without rendering;
- "no-op rebuild": an incremental rebuild when nothing changed (the fixed cost of reading
  the store and comparing fingerprints), the floor of any incremental rebuild.

Targets: full build <= 60 s, incremental rebuild <= 2 s. Wall-clock seconds are reported
with the process's CPU seconds beside them (the machine may be shared).

    .venv/bin/python scripts/bench_site.py [--services 1000] [--versions 20] [--runs 3]

Prerequisite: Termswatch installed in the interpreter that runs this script
(``pip install -e .`` in the checkout, as the README's setup does); it imports the
installed package and does not edit ``sys.path``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from monitor.site import build_site
from monitor.site.build import all_pages
from monitor.site.pages import HunkCache
from monitor.store import Store


def _load_synthetic_store():
    """tests/synthetic_store.py: a test fixture, so not in the package; this benchmark runs
    from a checkout and loads it from there."""
    path = Path(__file__).resolve().parent.parent / "tests" / "synthetic_store.py"
    spec = importlib.util.spec_from_file_location("synthetic_store", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # the importlib recipe: its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


synthetic_store = _load_synthetic_store()
add_version, populate = synthetic_store.add_version, synthetic_store.populate


def timed(action):
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def render_only(store: Store) -> int:
    """Every page rendered (Jinja2, feedgen) with its data loaded, nothing written."""
    hunks = HunkCache(store)
    count = 0
    for batch in _batches(all_pages(store, hunks), 500):
        hunks.prepare(batch)
        for page in batch:
            page.render()
        count += len(batch)
    return count


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def atomic_write(path: Path, content: bytes) -> None:
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_bytes(content)
    scratch.replace(path)


def write_only(site: Path, target: Path) -> int:
    """The built site's bytes written again, file by file, atomically: the I/O floor."""
    files = [(p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file()]
    made = set()
    for relative, content in files:
        path = target / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        atomic_write(path, content)
    return len(files)


def row(name: str, runs: list[tuple], pages: str) -> str:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return f"| {name} | {wall:.2f} | {cpu:.2f} | {pages} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder for the store and the sites (default: a temporary one)")
    args = parser.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="bench-site-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.db"
    for stale in work.glob("bench.db*"):
        stale.unlink()
    store = Store.open(db)
    counts, seconds, _ = timed(lambda: populate(store, services=args.services, versions=args.versions,
                                                documents=("Privacy Policy",)))
    print(f"store: {counts} inserted in {seconds:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    site = work / "site"

    full_runs, written = [], None
    for _ in range(args.runs):
        shutil.rmtree(site, ignore_errors=True)
        report, wall, cpu = timed(lambda: build_site(store, site))
        full_runs.append((wall, cpu))
        written = report.written
        print(f"  full build: {report}")

    render_runs = []
    for _ in range(args.runs):
        rendered, wall, cpu = timed(lambda: render_only(store))
        render_runs.append((wall, cpu))
    copy_runs = []
    for _ in range(args.runs):
        shutil.rmtree(work / "copy", ignore_errors=True)
        copied, wall, cpu = timed(lambda: write_only(site, work / "copy"))
        copy_runs.append((wall, cpu))

    noop_runs, incremental_runs, incremental_written = [], [], []
    services = [s["id"] for s in store.services()]
    for run in range(args.runs):
        report, wall, cpu = timed(lambda: build_site(store, site))
        if report.written:   # only if docs/scoring.md or the like was edited meanwhile
            print(f"  no-op rebuild wrote {report.written_paths}")
        noop_runs.append((wall, cpu))
        add_version(store, services[run * 7 % len(services)])
        report, wall, cpu = timed(lambda: build_site(store, site))
        incremental_runs.append((wall, cpu))
        incremental_written.append(report.written)
        print(f"  incremental rebuild after one new change: {report}")
    store.close()

    full = statistics.median(r[0] for r in full_runs)
    incremental = statistics.median(r[0] for r in incremental_runs)
    floor = statistics.median(r[0] for r in render_runs) + statistics.median(r[0] for r in copy_runs)
    print()
    print(f"{args.services} services x {args.versions} versions; median of {args.runs} runs")
    print()
    print("| measurement | wall s | CPU s | pages (files) written |")
    print("|---|---|---|---|")
    print(row("full build", full_runs, f"{written}"))
    print(row("baseline: render only, no writes", render_runs, f"0 ({rendered} rendered)"))
    print(row("baseline: write the same bytes, no rendering", copy_runs, f"{copied} files"))
    print(row("incremental rebuild after one new change", incremental_runs,
              "/".join(str(n) for n in incremental_written)))
    print(row("baseline: no-op rebuild (nothing changed)", noop_runs, "0"))
    print()
    print(f"full build / (render only + write only) = {full / floor:.2f}")
    print(f"incremental / no-op rebuild = {incremental / statistics.median(r[0] for r in noop_runs):.2f}")
    print(f"targets: full {full:.1f} s <= 60 s: {'met' if full <= 60 else 'MISSED'}; "
          f"incremental {incremental:.2f} s <= 2 s: {'met' if incremental <= 2 else 'MISSED'}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
